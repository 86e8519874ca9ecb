package dev.meshplane.quality.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.quality.config.QualityConfig;
import dev.meshplane.quality.domain.ProductChecks;
import dev.meshplane.streams.AvroSerdes;
import dev.meshplane.streams.StateFolderCheck;

/** Wires the quality topology to the registry-backed Avro serdes. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    /** Reads products and results; writes check outcomes and alerts, whose schemas it registers. */
    @Produces
    Topology topology(QualityConfig config, Config settings) {
        if (config.stateFolderCheck()) {
            StateFolderCheck.run(settings, QualityTopology.STATE_LAYOUT); // before Kafka Streams opens the folder
        }
        LOG.infof("keeping up to %,d runs in memory beside the stores (meshplane.cached-runs)", config.cachedRuns());
        String registry = config.registryUrl();
        return QualityTopology.build(
                new QualityTopology.EventSerdes(
                        AvroSerdes.forReading(registry),
                        AvroSerdes.forReading(registry),
                        AvroSerdes.forWriting(registry),
                        AvroSerdes.forWriting(registry),
                        new ObjectMapperSerde<>(ProductChecks.class)),
                config.minBaselineRuns(),
                config.cachedRuns(),
                new EventTimeWindow(
                        config.eventTime().maxPast(), config.eventTime().maxFuture()));
    }
}
