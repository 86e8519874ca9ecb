package dev.meshplane.governance.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.topics.Topics;

/**
 * The Kafka records of an {@link Outcome}, values already serialized (Apicurio, each topic's value artifact), so the
 * registry is needed before a transaction begins, never inside one. A dead letter keeps the original record's key,
 * carries its bytes as they came when they could not be read (else the request as its own topic's serializer writes
 * it, so it reads like the original), and says why and where from in SmallRye's {@code dead-letter-*} headers.
 */
final class DecisionRecords {

    static final String PARTITION_HEADER = "dead-letter-partition";
    static final String OFFSET_HEADER = "dead-letter-offset";

    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();

    DecisionRecords(String registryUrl) {
        serializer.configure(
                Map.of(SerdeConfig.REGISTRY_URL, registryUrl, SerdeConfig.AUTO_REGISTER_ARTIFACT, true), false);
    }

    /** @throws DependencyUnavailableException when a value cannot be serialized (the registry is away) */
    List<Message<byte[]>> of(IncomingKafkaRecordMetadata<?, ?> in, Outcome outcome) {
        List<Message<byte[]>> records = new ArrayList<>();
        if (outcome instanceof Outcome.Decided decided) {
            String key = decided.decision().getProductId();
            if (decided.product() != null) {
                String topic = Topics.PRODUCTS.name();
                records.add(record(topic, key, serialize(topic, decided.product()), new RecordHeaders()));
            }
            String topic = Topics.GOVERNANCE_DECISIONS.name();
            records.add(record(topic, key, serialize(topic, decided.decision()), new RecordHeaders()));
        } else if (outcome instanceof Outcome.DeadLetter dead) {
            Headers headers = new RecordHeaders()
                    .add(Topics.DLQ_REASON_HEADER, utf8(dead.reason()))
                    .add(Topics.DLQ_SOURCE_TOPIC_HEADER, utf8(in.getTopic()))
                    .add(PARTITION_HEADER, utf8(Integer.toString(in.getPartition())))
                    .add(OFFSET_HEADER, utf8(Long.toString(in.getOffset())));
            byte[] original = dead.unreadable() != null ? dead.unreadable() : serialize(in.getTopic(), dead.request());
            String key = in.getKey() instanceof String k ? k : null;
            records.add(record(Topics.DEAD_LETTERS.name(), key, original, headers));
        }
        return records;
    }

    private byte[] serialize(String topic, SpecificRecord value) {
        try {
            return serializer.serialize(topic, value);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("could not serialize for " + topic + ": " + e.getMessage(), e);
        }
    }

    private static Message<byte[]> record(String topic, String key, byte[] value, Headers headers) {
        return Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic)
                        .withKey(key)
                        .withHeaders(headers)
                        .build());
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
