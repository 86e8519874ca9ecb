package dev.meshplane.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

import dev.meshplane.topics.Topics;

/**
 * A record the topology cannot read is copied, bytes unchanged, to {@code mesh.deadletter} with the reason, source
 * topic, partition and offset in headers; the stream goes on. If even that fails, or the failure is transient (the
 * registry could not be reached), the stream thread fails rather than lose the record, and is replaced.
 */
public class DeadLetterOnDeserializationFailure implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterOnDeserializationFailure.class);

    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    @Override
    public DeserializationHandlerResponse handle(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (isTransient(exception)) {
            // The registry or network failed, not the record: fail the thread (ReplaceFailedStreamThread restarts it
            // from the last commit) instead of dead-lettering a readable record.
            LOG.warnf(
                    "could not read %s-%d@%d because of a transient failure (%s); retrying from the last commit",
                    record.topic(), record.partition(), record.offset(), exception);
            return DeserializationHandlerResponse.FAIL;
        }
        String reason = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        ProducerRecord<byte[], byte[]> dead =
                new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, record.key(), record.value(), record.headers());
        dead.headers()
                .add(Topics.DLQ_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add(Topics.DLQ_SOURCE_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8))
                .add(
                        "dead-letter-partition",
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get(10, TimeUnit.SECONDS);
            LOG.warnf(
                    "unreadable record %s-%d@%d moved to %s: %s",
                    record.topic(), record.partition(), record.offset(), Topics.DEAD_LETTERS.name(), reason);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            LOG.errorf(
                    e,
                    "could not dead-letter %s-%d@%d; stopping rather than losing it",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return DeserializationHandlerResponse.FAIL;
        }
    }

    /** An I/O failure or timeout anywhere in the cause chain: the schema lookup failed, the bytes may be fine. */
    static boolean isTransient(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
