package dev.meshplane.quality.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.quality.config.QualityConfig;
import dev.meshplane.quality.domain.ProductChecks;

/** Wires the quality topology to the registry-backed Avro serdes. */
@ApplicationScoped
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    @Produces
    Topology topology(QualityConfig config) {
        LOG.infof("keeping up to %,d runs in memory beside the stores (meshplane.cached-runs)", config.cachedRuns());
        return QualityTopology.build(
                new QualityTopology.EventSerdes(
                        avro(config),
                        avro(config),
                        avro(config),
                        avro(config),
                        new ObjectMapperSerde<>(ProductChecks.class)),
                config.minBaselineRuns(),
                config.cachedRuns());
    }

    private static <T extends SpecificRecord> Serde<T> avro(QualityConfig config) {
        return ClientConfigs.avroSerde(config.registryUrl(), true);
    }
}
