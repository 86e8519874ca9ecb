package dev.meshplane.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.junit.jupiter.api.Test;

import dev.meshplane.client.DeadLetters;
import dev.meshplane.topics.Topics;

/**
 * Which failures are the record's, and the handler against a producer that takes, or refuses, what it is given: no
 * broker.
 */
class DeadLetterOnDeserializationFailureTest {

    private static final ErrorHandlerContext NO_CONTEXT = null; // the handler reads the record, not the context

    private final ScriptedProducer producer = new ScriptedProducer();
    private static final String REGISTRY = "http://registry.example:8090/apis/registry/v3";

    private final DeadLetterOnDeserializationFailure handler =
            new DeadLetterOnDeserializationFailure(producer, DeadLetters.DEFAULT_MAX_BYTES, REGISTRY);

    @Test
    void registryUnreachableIsTransientSoTheRecordIsRetriedNotDeadLettered() {
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new SerializationException("lookup failed", new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new RuntimeException(new RuntimeException(new HttpTimeoutException("request timed out")))))
                .isTrue();
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new RuntimeException(new java.util.concurrent.TimeoutException())))
                .isTrue();
    }

    @Test
    void unreadableBytesArePoison() {
        assertThat(DeadLetterOnDeserializationFailure.isTransient(new SerializationException("Unknown magic byte!")))
                .isFalse();
        assertThat(DeadLetterOnDeserializationFailure.isTransient(
                        new SerializationException("bad", new ArrayIndexOutOfBoundsException(3))))
                .isFalse();
        // What the Apicurio deserializer throws when the Avro data ends before the record does: an IOException, but
        // the record's, not the network's.
        assertThat(DeadLetterOnDeserializationFailure.isTransient(new UncheckedIOException(new EOFException())))
                .isFalse();
    }

    @Test
    void theReasonSaysInPlainWordsWhatIsWrongWithTheBytes() {
        handler.handle(
                NO_CONTEXT,
                record(new byte[0]),
                new ArrayIndexOutOfBoundsException("Index 0 out of bounds for length 0"));
        handler.handle(
                NO_CONTEXT,
                record("{\"productId\": \"sales/orders\"}".getBytes(StandardCharsets.UTF_8)),
                new IllegalStateException("artifact reference cannot be null"));

        assertThat(producer.sent)
                .extracting(dead -> header(dead, Topics.DLQ_REASON_HEADER))
                .containsExactly(
                        "an empty value (0 bytes): expected an Avro QualityResultReported record framed for the"
                                + " registry (byte 0, a 4-byte schema id, the data); a producer wrote nothing"
                                + " [java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0]",
                        "not a registry-framed Avro QualityResultReported record: the first byte is 0x7B ('{'),"
                                + " expected 0x00; it looks like JSON (29 bytes): \"{\\\"productId\\\": \\\"sales/orders\\\"}\""
                                + " — produce with the Apicurio Avro serializer (the mesh's client settings,"
                                + " ClientConfigs.avroProducer)"
                                + " [java.lang.IllegalStateException: artifact reference cannot be null]");
    }

    @Test
    void theRegistryIsTheOneTheServiceIsConfiguredWith() {
        assertThat(DeadLetterOnDeserializationFailure.registryUrl(Map.of("apicurio.registry.url", REGISTRY)))
                .isEqualTo(REGISTRY);
        assertThat(DeadLetterOnDeserializationFailure.registryUrl(Map.of("meshplane.registry-url", REGISTRY)))
                .isEqualTo(REGISTRY);
    }

    @Test
    void aTwoMegabyteUnreadableRecordIsDeadLetteredCutToTheCapAndTheStreamGoesOn() {
        byte[] value = new byte[2 * 1024 * 1024];

        DeserializationHandlerResponse response =
                handler.handle(NO_CONTEXT, record(value), new SerializationException("x".repeat(1_000_000)));

        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(producer.sent).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
            assertThat(dead.value().length).isLessThan(DeadLetters.DEFAULT_MAX_BYTES);
            assertThat(header(dead, Topics.DLQ_TRUNCATED_HEADER)).isEqualTo("true");
            assertThat(header(dead, Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo("2097152");
            assertThat(header(dead, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo("mesh.quality.results");
            assertThat(header(dead, Topics.DLQ_SOURCE_OFFSET_HEADER)).isEqualTo("9");
            // 2 MiB of zeros: framed, schema id 0, then data the deserializer could not read
            assertThat(header(dead, Topics.DLQ_REASON_HEADER))
                    .startsWith("the data does not match schema id 0 (SerializationException: xxx")
                    .contains("[org.apache.kafka.common.errors.SerializationException: xxx");
        });
    }

    @Test
    void aDeadLetterTheBrokerRefusesForItsSizeIsSentAgainWithoutItsValue() {
        producer.refuseNext(new RecordTooLargeException("larger than the topic's max.message.bytes"));

        DeserializationHandlerResponse response =
                handler.handle(NO_CONTEXT, record(new byte[100_000]), new SerializationException("bad"));

        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(producer.sent).singleElement().satisfies(dead -> {
            assertThat(dead.value()).isNull();
            assertThat(header(dead, Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo("100000");
            assertThat(header(dead, Topics.DLQ_REASON_HEADER))
                    .isEqualTo("the data does not match schema id 0 (SerializationException: bad): expected an Avro"
                            + " QualityResultReported record; the producer wrote other bytes after the framing, or"
                            + " under the wrong schema [org.apache.kafka.common.errors.SerializationException: bad]");
        });
    }

    @Test
    void aDeadLetterThatCanNeverBeWrittenIsSkippedNotRetriedForEver() {
        producer.refuseNext(new RecordTooLargeException("too large"));
        producer.refuseNext(new RecordTooLargeException("still too large"));

        assertThat(handler.handle(NO_CONTEXT, record(new byte[10]), new SerializationException("bad")))
                .isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(producer.sent).isEmpty();
    }

    @Test
    void aBrokerOutageWhileDeadLetteringStopsTheThreadSoTheRecordIsNotLost() {
        producer.refuseNext(new TimeoutException("broker away"));

        assertThat(handler.handle(NO_CONTEXT, record(new byte[10]), new SerializationException("bad")))
                .isEqualTo(DeserializationHandlerResponse.FAIL);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>(
                "mesh.quality.results",
                1,
                9L,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                value.length,
                "sales/orders".getBytes(StandardCharsets.UTF_8),
                value,
                new RecordHeaders(),
                Optional.empty());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Refuses the next sends with the queued failures, as the broker answers; takes the rest. */
    static final class ScriptedProducer extends MockProducer<byte[], byte[]> {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        private final Deque<RuntimeException> refusals = new ArrayDeque<>();

        ScriptedProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        void refuseNext(RuntimeException failure) {
            refusals.add(failure);
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            if (!refusals.isEmpty()) {
                return CompletableFuture.failedFuture(refusals.poll());
            }
            sent.add(record);
            return super.send(record);
        }
    }
}
