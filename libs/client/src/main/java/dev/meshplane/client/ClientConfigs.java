package dev.meshplane.client;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

/**
 * Kafka client settings for the mesh's topics: string keys (product ids), Avro values through the Apicurio serdes.
 * Every tool that talks to the platform (CLI, benchmarks, tests) starts from these.
 */
public final class ClientConfigs {

    private ClientConfigs() {}

    /** A producer of Avro events that registers their schemas on first use. */
    public static Map<String, Object> avroProducer(String bootstrap, String registryUrl) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(SerdeConfig.REGISTRY_URL, registryUrl);
        c.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        c.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaCachingDatumProvider.class.getName());
        return c;
    }

    /**
     * A consumer that reads the generated event classes, committed records only (the Streams services write in
     * transactions), from the beginning when its group is new.
     */
    public static Map<String, Object> avroConsumer(String bootstrap, String registryUrl, String groupId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        c.put(SerdeConfig.REGISTRY_URL, registryUrl);
        c.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        c.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaCachingDatumProvider.class.getName());
        return c;
    }
}
