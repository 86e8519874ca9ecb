package dev.meshplane.governance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.meshplane.client.DeadLetters;
import dev.meshplane.topics.Topics;

/**
 * The dead letters governance writes, without a broker or a registry (an unreadable record needs neither): whatever
 * came in, the record fits well below the producer's {@code max.request.size}, so writing it cannot fail for its size.
 */
class DecisionRecordsTest {

    private final DecisionRecords records = new DecisionRecords("http://127.0.0.1:1/apis/registry/v3", 256 * 1024);

    @Test
    void aTwoMegabyteUnreadableRecordWithAHugeReasonBecomesADeadLetterThatFitsAndSaysItWasCut() {
        byte[] poison = new byte[2 * 1024 * 1024];
        Arrays.fill(poison, (byte) 7);
        String reason = "AvroRuntimeException: " + "Malformed data. ".repeat(50_000);

        List<Message<byte[]>> out = records.of(in("sales/poison", 12L), Outcome.DeadLetter.unreadable(poison, reason));

        assertThat(out).singleElement().satisfies(m -> {
            OutgoingKafkaRecordMetadata<?> meta =
                    m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
            assertThat(meta.getTopic()).isEqualTo(Topics.DEAD_LETTERS.name());
            assertThat(meta.getKey()).isEqualTo("sales/poison");
            int headerBytes = 0;
            for (Header h : meta.getHeaders()) {
                headerBytes += h.key().length() + h.value().length;
            }
            assertThat(m.getPayload().length + headerBytes).isLessThanOrEqualTo(256 * 1024);
            assertThat(m.getPayload()).isEqualTo(Arrays.copyOf(poison, m.getPayload().length));
            assertThat(text(meta, Topics.DLQ_TRUNCATED_HEADER)).isEqualTo("true");
            assertThat(text(meta, Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo("2097152");
            assertThat(text(meta, Topics.DLQ_REASON_HEADER)).startsWith("AvroRuntimeException: Malformed data.");
            assertThat(text(meta, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo("mesh.publications.requested");
            assertThat(text(meta, Topics.DLQ_SOURCE_PARTITION_HEADER)).isEqualTo("0");
            assertThat(text(meta, Topics.DLQ_SOURCE_OFFSET_HEADER)).isEqualTo("12");
        });
    }

    @Test
    void aDeadLetterWhoseValueWasRefusedGoesWithItsHeadersOnly() {
        Outcome.DeadLetter refused = Outcome.DeadLetter.unreadable(new byte[300_000], "Unknown magic byte!")
                .withoutValue("too large");

        List<Message<byte[]>> out = records.of(in("sales/poison", 13L), refused);

        assertThat(out).singleElement().satisfies(m -> {
            OutgoingKafkaRecordMetadata<?> meta =
                    m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
            assertThat(m.getPayload()).isNull();
            assertThat(text(meta, Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo("300000");
            assertThat(text(meta, Topics.DLQ_REASON_HEADER))
                    .isEqualTo("Unknown magic byte!; the value was dropped: too large");
        });
        assertThat(DeadLetters.DEFAULT_MAX_BYTES).isEqualTo(256 * 1024);
    }

    private static IncomingKafkaRecordMetadata<String, Object> in(String key, long offset) {
        return new IncomingKafkaRecordMetadata<>(
                new ConsumerRecord<>(
                        "mesh.publications.requested",
                        0,
                        offset,
                        0L,
                        TimestampType.CREATE_TIME,
                        -1,
                        -1,
                        key,
                        null,
                        new RecordHeaders(),
                        Optional.empty()),
                "publication-requests");
    }

    private static String text(OutgoingKafkaRecordMetadata<?> meta, String header) {
        Header h = meta.getHeaders().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
