package dev.meshplane.streams;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

import dev.meshplane.client.SchemaCachingDatumProvider;

/**
 * The registry-backed Avro serdes of the Kafka Streams services, named for what the service does with the topic.
 * Both read the generated event classes. Only the topics a service writes register their schema (under
 * {@code <topic>-value}, on first write); a topic it only reads never registers anything, so a reader cannot put a
 * schema in the registry ahead of the topic's writer.
 */
public final class AvroSerdes {

    private AvroSerdes() {}

    /** For a topic the service only reads: looks schemas up by the id in each record, registers nothing. */
    public static <T extends SpecificRecord> Serde<T> forReading(String registryUrl) {
        return serde(registryUrl, false);
    }

    /** For a topic the service writes: registers the event's schema the first time it writes one. */
    public static <T extends SpecificRecord> Serde<T> forWriting(String registryUrl) {
        return serde(registryUrl, true);
    }

    private static <T extends SpecificRecord> Serde<T> serde(String registryUrl, boolean registerOnWrite) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(
                Map.of(
                        SerdeConfig.REGISTRY_URL,
                        registryUrl,
                        SerdeConfig.AUTO_REGISTER_ARTIFACT,
                        registerOnWrite,
                        AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
                        true,
                        AvroSerdeConfig.AVRO_DATUM_PROVIDER,
                        SchemaCachingDatumProvider.class.getName()),
                false);
        return serde;
    }
}
