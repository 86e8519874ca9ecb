package dev.meshplane.freshness.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;

import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.freshness.config.FreshnessConfig;
import dev.meshplane.streams.AvroSerdes;
import dev.meshplane.streams.StateFolderCheck;

/** Wires the freshness topology to the registry-backed Avro serdes. */
@ApplicationScoped
public class TopologyProducer {

    /** Reads products and signals; writes status changes and alerts, whose schemas it registers. */
    @Produces
    Topology topology(FreshnessConfig config, Config settings) {
        if (config.stateFolderCheck()) {
            StateFolderCheck.run(settings, FreshnessTopology.STATE_LAYOUT); // before Kafka Streams opens the folder
        }
        String registry = config.registryUrl();
        return FreshnessTopology.build(
                new FreshnessTopology.EventSerdes(
                        AvroSerdes.forReading(registry),
                        AvroSerdes.forReading(registry),
                        AvroSerdes.forWriting(registry),
                        AvroSerdes.forWriting(registry)),
                config.freshnessTick(),
                new EventTimeWindow(
                        config.eventTime().maxPast(), config.eventTime().maxFuture()));
    }
}
