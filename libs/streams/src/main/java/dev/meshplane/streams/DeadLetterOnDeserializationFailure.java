package dev.meshplane.streams;

import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

import io.apicurio.registry.serde.config.SerdeConfig;

import dev.meshplane.client.DeadLetter;
import dev.meshplane.client.DeadLetters;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.Unreadable;
import dev.meshplane.topics.Topics;

/**
 * A record the topology cannot read is copied to {@code mesh.deadletter} with the reason (in plain words, from the bytes
 * and the failure: {@link Unreadable}, expecting the topic's value type from {@link Topics}), source topic, partition
 * and offset in headers, its bytes unchanged up to the dead-letter cap ({@link DeadLetters}: a record larger than that is
 * cut, and says so); the stream goes on. If the broker refuses even the cut copy for its size, the copy is sent again
 * without its value, and if that is refused too the record is logged and skipped: a dead letter that can never be
 * written must not stop the stream. If the failure is transient (the registry or the broker could not be reached), the
 * stream thread fails rather than lose the record, and is replaced.
 */
public class DeadLetterOnDeserializationFailure implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(DeadLetterOnDeserializationFailure.class);

    /**
     * Where the service's serdes look schemas up, for the reasons to name it: the Streams configuration's
     * {@code apicurio.registry.url} or {@code meshplane.registry-url}, else the {@code meshplane.registry-url} system
     * property (how the launcher passes it); unnamed when none is set.
     */
    static final String REGISTRY_URL_CONFIG = "meshplane.registry-url";

    private Producer<byte[], byte[]> producer;
    private int maxBytes = DeadLetters.DEFAULT_MAX_BYTES;
    private String registryUrl;

    /** Kafka Streams creates the handler and then {@link #configure}s it. */
    public DeadLetterOnDeserializationFailure() {}

    /**
     * Test seam: a handler writing through {@code producer}, capping dead letters at {@code maxBytes}, naming
     * {@code registryUrl} (may be null) in its reasons.
     */
    DeadLetterOnDeserializationFailure(Producer<byte[], byte[]> producer, int maxBytes, String registryUrl) {
        this.producer = producer;
        this.maxBytes = maxBytes;
        this.registryUrl = registryUrl;
    }

    /**
     * Its own producer, with the default {@code max.request.size}; the cap is {@link DeadLetters#DEFAULT_MAX_BYTES}
     * unless the Streams configuration sets {@value DeadLetters#MAX_BYTES_CONFIG}.
     */
    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaAuth.copiedFrom(configs).applyTo(p); // as the Streams application's own clients authenticate
        producer = new KafkaProducer<>(p);
        Object cap = configs.get(DeadLetters.MAX_BYTES_CONFIG);
        maxBytes = DeadLetters.maxBytes(cap == null ? Map.of() : Map.of(DeadLetters.MAX_BYTES_CONFIG, cap));
        registryUrl = registryUrl(configs);
    }

    static String registryUrl(Map<String, ?> configs) {
        Object url = configs.get(SerdeConfig.REGISTRY_URL);
        url = url != null ? url : configs.get(REGISTRY_URL_CONFIG);
        return url != null ? url.toString() : System.getProperty(REGISTRY_URL_CONFIG);
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
        String reason = Unreadable.reason(
                record.topic(), record.value(), exception, Unreadable.expectedType(record.topic()), registryUrl);
        DeadLetters.Builder dead = DeadLetters.of(record.topic(), record.partition(), record.offset())
                .key(record.key())
                .value(record.value())
                .reason(reason)
                .originalHeaders(record.headers())
                .maxBytes(maxBytes);
        DeadLetter letter = dead.build();
        try {
            try {
                send(letter);
            } catch (Exception e) {
                if (!DeadLetters.refusedForContent(e)) {
                    throw e;
                }
                LOG.warnf(
                        "the broker refused the dead letter of %s (%s); sending it without its value",
                        where(record), e);
                send(dead.dropValue().build());
            }
            LOG.warnf(
                    "unreadable record %s moved to %s: %s",
                    where(record), Topics.DEAD_LETTERS.name(), letter.header(Topics.DLQ_REASON_HEADER));
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            if (DeadLetters.refusedForContent(e)) {
                LOG.errorf(e, "the broker refused even a value-less dead letter of %s; skipping it", where(record));
                return DeserializationHandlerResponse.CONTINUE;
            }
            LOG.errorf(e, "could not dead-letter %s; stopping rather than losing it", where(record));
            return DeserializationHandlerResponse.FAIL;
        }
    }

    private void send(DeadLetter dead) throws Exception {
        producer.send(dead.toProducerRecord()).get(10, TimeUnit.SECONDS);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * An I/O failure or timeout anywhere in the cause chain: the schema lookup failed, the bytes may be fine. Not an
     * {@link EOFException}: Avro throws it (wrapped in an {@code UncheckedIOException}) for data that ends before the
     * record does, which is the record's fault and would fail every retry.
     */
    static boolean isTransient(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
