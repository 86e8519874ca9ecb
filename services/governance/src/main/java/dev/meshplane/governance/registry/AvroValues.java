package dev.meshplane.governance.registry;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;

import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * Event values as governance writes them: Apicurio-framed Avro under each topic's value artifact (registered on first
 * use), serialized before a Kafka transaction begins, so the registry is never needed inside one.
 */
public final class AvroValues {

    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();

    public AvroValues(String registryUrl) {
        serializer.configure(
                Map.of(SerdeConfig.REGISTRY_URL, registryUrl, SerdeConfig.AUTO_REGISTER_ARTIFACT, true), false);
    }

    /** @throws DependencyUnavailableException when the value cannot be serialized (the registry is away) */
    public byte[] serialize(String topic, SpecificRecord value) {
        try {
            return serializer.serialize(topic, value);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("could not serialize for " + topic + ": " + e.getMessage(), e);
        }
    }
}
