package dev.meshplane.governance.messaging;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;

import dev.meshplane.topics.Topics;

/**
 * A record whose bytes cannot be read is copied, unchanged, to {@code mesh.deadletter} with the reason in headers,
 * and the consumer carries on with a null value (which the processor skips). Without this the connector would stop
 * the channel on the first unreadable record.
 */
@ApplicationScoped
@Identifier("dead-letter-on-failure")
public class DeadLetterOnFailure implements DeserializationFailureHandler<Object> {

    private static final Logger LOG = Logger.getLogger(DeadLetterOnFailure.class);

    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetterOnFailure(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public Object handleDeserializationFailure(
            String topic, boolean isKey, String deserializer, byte[] data, Exception exception, Headers headers) {
        String reason = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, data);
        if (headers != null) {
            headers.forEach(h -> dead.headers().add(h));
        }
        dead.headers()
                .add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(Topics.DLQ_SOURCE_TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8))
                .add("mesh.dlq.deserializer", deserializer.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get(10, TimeUnit.SECONDS);
            LOG.warnf("unreadable record on %s moved to %s: %s", topic, Topics.DEAD_LETTERS.name(), reason);
        } catch (Exception e) {
            // Never lose it silently: the failure is logged with the reason, and the record stays on its topic.
            LOG.errorf(e, "could not dead-letter an unreadable record of %s (%s)", topic, reason);
        }
        return null;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
