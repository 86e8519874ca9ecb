package dev.meshplane.quality.streams;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.quality.config.QualityConfig;
import dev.meshplane.quality.domain.ProductChecks;

/** Wires the quality topology to the registry-backed Avro serdes. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology(QualityConfig config) {
        return QualityTopology.build(
                new QualityTopology.Serdes4(
                        avro(config),
                        avro(config),
                        avro(config),
                        avro(config),
                        new ObjectMapperSerde<>(ProductChecks.class),
                        new QualityStateSerde()),
                config.minBaselineRuns());
    }

    private static <T extends SpecificRecord> Serde<T> avro(QualityConfig config) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(
                Map.of(
                        SerdeConfig.REGISTRY_URL,
                        config.registryUrl(),
                        SerdeConfig.AUTO_REGISTER_ARTIFACT,
                        true,
                        AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
                        true),
                false);
        return serde;
    }
}
