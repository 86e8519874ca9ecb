package dev.meshplane.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

import dev.meshplane.topics.Topics;

class DeadLettersTest {

    private static final int MAX_REQUEST_SIZE = 1024 * 1024; // the producer's default max.request.size

    @Test
    void aTwoMegabyteValueWithAHugeReasonBecomesARecordThatFitsAndSaysItWasCut() {
        byte[] value = new byte[2 * 1024 * 1024];
        Arrays.fill(value, (byte) 'v');
        String reason = "SerializationException: " + "stack frame ".repeat(100_000); // ~1.2 MB of exception text
        Headers original = new RecordHeaders()
                .add("trace", utf8("abc"))
                .add("deserialization-failure-data", value); // the bytes again, as a connector may add them

        DeadLetter dead = DeadLetters.of("mesh.publications.requested", 2, 41L)
                .key("sales/orders")
                .value(value)
                .reason(reason)
                .originalHeaders(original)
                .build();

        assertThat(kafkaSizeUpperBound(dead.toProducerRecord()))
                .as("what the producer checks against max.request.size")
                .isLessThanOrEqualTo(DeadLetters.DEFAULT_MAX_BYTES)
                .isLessThan(MAX_REQUEST_SIZE);
        assertThat(dead.sizeInBytes()).isLessThanOrEqualTo(DeadLetters.DEFAULT_MAX_BYTES);
        assertThat(dead.truncated()).isTrue();
        assertThat(dead.header(Topics.DLQ_TRUNCATED_HEADER)).isEqualTo("true");
        assertThat(dead.header(Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo(Integer.toString(2 * 1024 * 1024));
        assertThat(dead.header(Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo("mesh.publications.requested");
        assertThat(dead.header(Topics.DLQ_SOURCE_PARTITION_HEADER)).isEqualTo("2");
        assertThat(dead.header(Topics.DLQ_SOURCE_OFFSET_HEADER)).isEqualTo("41");
        assertThat(dead.header(Topics.DLQ_REASON_HEADER))
                .startsWith("SerializationException: stack frame")
                .endsWith("[cut]");
        assertThat(utf8(dead.header(Topics.DLQ_REASON_HEADER)).length)
                .isLessThanOrEqualTo(DeadLetters.MAX_REASON_BYTES);
        assertThat(dead.value()).hasSizeGreaterThan(200 * 1024); // most of the cap still goes to the value
        assertThat(dead.value()).isEqualTo(Arrays.copyOf(value, dead.value().length));
        assertThat(dead.headers().lastHeader("trace")).isNotNull();
        assertThat(dead.headers().lastHeader("deserialization-failure-data")).isNull();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("sales/orders");
    }

    @Test
    void aPublishersCredentialNeverReachesADeadLetter() {
        DeadLetter dead = DeadLetters.of("mesh.publications.requested", 0, 3L)
                .key("sales/orders")
                .value(utf8("not a request"))
                .reason("unreadable")
                .originalHeaders(new RecordHeaders()
                        .add("trace", utf8("abc"))
                        .add(Topics.CREDENTIAL_HEADER, utf8("eyJhbGciOiJSUzI1NiJ9.payload.signature")))
                .build();

        assertThat(dead.header("trace")).isEqualTo("abc");
        assertThat(dead.headers().lastHeader(Topics.CREDENTIAL_HEADER)).isNull();
        assertThat(dead.truncated()).as("dropping a credential is not a cut").isFalse();
    }

    @Test
    void aSmallRecordIsKeptWholeWithItsRulesAndHeadersAndNoCutHeaders() {
        byte[] value = utf8("{\"rowCount\": -5}");

        DeadLetter dead = DeadLetters.of("mesh.quality.results", 0, 7L)
                .key("sales/orders")
                .value(value)
                .reason("rowCount is -5; expected 0 or more rows")
                .rule("quality-result.row-count-not-negative")
                .rule("quality-result.observed-at-in-window")
                .rule("quality-result.row-count-not-negative")
                .header(Topics.DLQ_VALUE_FORMAT_HEADER, "avro-json")
                .originalHeaders(new RecordHeaders().add("trace", utf8("abc")))
                .build();

        assertThat(dead.truncated()).isFalse();
        assertThat(dead.value()).isEqualTo(value);
        assertThat(dead.header(Topics.DLQ_RULE_HEADER))
                .isEqualTo("quality-result.row-count-not-negative,quality-result.observed-at-in-window");
        assertThat(dead.header(Topics.DLQ_VALUE_FORMAT_HEADER)).isEqualTo("avro-json");
        assertThat(dead.header("trace")).isEqualTo("abc");
        assertThat(dead.header(Topics.DLQ_TRUNCATED_HEADER)).isNull();
        assertThat(dead.header(Topics.DLQ_ORIGINAL_SIZE_HEADER)).isNull();
        ProducerRecord<byte[], byte[]> record = dead.toProducerRecord();
        assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(record.headers().toArray())
                .extracting(Header::key)
                .startsWith(
                        Topics.DLQ_REASON_HEADER,
                        Topics.DLQ_SOURCE_TOPIC_HEADER,
                        Topics.DLQ_SOURCE_PARTITION_HEADER,
                        Topics.DLQ_SOURCE_OFFSET_HEADER,
                        Topics.DLQ_RULE_HEADER);
    }

    @Test
    void aDroppedValueKeepsOnlyItsSize() {
        DeadLetter dead = DeadLetters.of("t", 0, 1L)
                .value(new byte[5000])
                .reason("the broker refused it")
                .dropValue()
                .build();

        assertThat(dead.value()).isNull();
        assertThat(dead.header(Topics.DLQ_TRUNCATED_HEADER)).isEqualTo("true");
        assertThat(dead.header(Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo("5000");
    }

    @Test
    void anOverlongKeyAndAReasonInAnyScriptAreCutAtTheirBounds() {
        DeadLetter dead = DeadLetters.of("t", 0, 1L)
                .key("k".repeat(10_000))
                .reason("é".repeat(5_000)) // two bytes each
                .build();

        assertThat(dead.key()).hasSize(DeadLetters.MAX_KEY_BYTES);
        String reason = dead.header(Topics.DLQ_REASON_HEADER);
        assertThat(reason).matches("é+ \\[cut]");
        assertThat(utf8(reason).length).isLessThanOrEqualTo(DeadLetters.MAX_REASON_BYTES);
        assertThat(dead.truncated()).isTrue();
    }

    @Test
    void theCapFollowsTheProducersLimitUnlessConfigured() {
        assertThat(DeadLetters.maxBytes(Map.of())).isEqualTo(DeadLetters.DEFAULT_MAX_BYTES);
        assertThat(DeadLetters.maxBytes(Map.of("max.request.size", "131072"))).isEqualTo(32 * 1024);
        assertThat(DeadLetters.maxBytes(Map.of("producer.max.request.size", 10_000_000)))
                .isEqualTo(DeadLetters.DEFAULT_MAX_BYTES);
        assertThat(DeadLetters.maxBytes(Map.of(DeadLetters.MAX_BYTES_CONFIG, "65536")))
                .isEqualTo(65536);
        assertThat(DeadLetters.maxBytes(Map.of(DeadLetters.MAX_BYTES_CONFIG, "10")))
                .isEqualTo(DeadLetters.MIN_MAX_BYTES);

        DeadLetter small = DeadLetters.of("t", 0, 1L)
                .value(new byte[100_000])
                .maxBytes(32 * 1024)
                .build();
        assertThat(kafkaSizeUpperBound(small.toProducerRecord())).isLessThanOrEqualTo(32 * 1024);
    }

    @Test
    void aRecordRefusedForItsSizeIsToldApartFromAnOutage() {
        assertThat(DeadLetters.refusedForContent(new ExecutionException(new RecordTooLargeException("too large"))))
                .isTrue();
        assertThat(DeadLetters.refusedForContent(new TimeoutException("broker away")))
                .isFalse();
    }

    private static int kafkaSizeUpperBound(ProducerRecord<byte[], byte[]> r) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                r.key() == null ? null : ByteBuffer.wrap(r.key()),
                r.value() == null ? null : ByteBuffer.wrap(r.value()),
                r.headers().toArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
