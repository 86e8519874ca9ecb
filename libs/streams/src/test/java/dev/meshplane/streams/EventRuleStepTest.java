package dev.meshplane.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.topics.Topics;

/** The rule step on its own: valid events pass to the next processor, broken ones become readable dead letters. */
class EventRuleStepTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String PRODUCT = "sales/orders";

    private MockProcessorContext<Object, Object> context;
    private Processor<String, SpecificRecord, Object, Object> step;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>(new Properties());
        context.setCurrentSystemTimeMs(NOW.toEpochMilli());
        context.setRecordMetadata(Topics.QUALITY_RESULTS.name(), 2, 17L);
        step = EventRuleStep.checking(EventTimeWindow.DEFAULT, "evaluate").get();
        step.init(context);
    }

    @Test
    void aValidEventGoesOnToTheNextProcessorOnly() {
        step.process(record(result(10, 2, NOW)));

        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.childName()).contains("evaluate");
            assertThat(f.record().value()).isEqualTo(result(10, 2, NOW));
        });
    }

    @Test
    void aResultWithMoreNullsThanRowsIsDeadLetteredWithTheRuleAndGoesNowhereElse() throws IOException {
        QualityResultReported broken = result(10, 1_000, NOW);

        step.process(record(broken));

        List<CapturedForward<?, ?>> out = context.forwarded();
        assertThat(out).singleElement().satisfies(f -> assertThat(f.childName()).contains(RuleDeadLetters.SINK));
        @SuppressWarnings("unchecked")
        Record<byte[], byte[]> dead = (Record<byte[], byte[]>) out.get(0).record();
        assertThat(text(dead, Topics.DLQ_RULE_HEADER)).isEqualTo("quality-result.null-count-within-rows");
        assertThat(text(dead, Topics.DLQ_REASON_HEADER))
                .isEqualTo("quality-result.null-count-within-rows: column customer_id: nullCount 1000 is more than"
                        + " rowCount 10; expected at most the row count");
        assertThat(text(dead, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo(Topics.QUALITY_RESULTS.name());
        assertThat(text(dead, Topics.DLQ_SOURCE_PARTITION_HEADER)).isEqualTo("2");
        assertThat(text(dead, Topics.DLQ_SOURCE_OFFSET_HEADER)).isEqualTo("17");
        assertThat(text(dead, Topics.DLQ_VALUE_FORMAT_HEADER))
                .isEqualTo("avro-json; schema=dev.meshplane.events.v1.QualityResultReported");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(PRODUCT);
        // The value reads back, with the schema the header names, as the event that was refused.
        QualityResultReported readBack = new SpecificDatumReader<>(QualityResultReported.class)
                .read(
                        null,
                        DecoderFactory.get()
                                .jsonDecoder(
                                        QualityResultReported.getClassSchema(),
                                        new String(dead.value(), StandardCharsets.UTF_8)));
        assertThat(readBack).isEqualTo(broken);
    }

    @Test
    void nowIsTheTasksWallClockSoAYear9999ResultIsRefused() {
        step.process(record(result(10, 0, Instant.parse("9999-01-01T00:00:00Z"))));

        assertThat(context.forwarded())
                .singleElement()
                .satisfies(f -> assertThat(f.childName()).contains(RuleDeadLetters.SINK));

        context.resetForwards();
        context.setCurrentSystemTimeMs(NOW.plus(Duration.ofDays(800)).toEpochMilli());
        step.process(new Record<>(PRODUCT, (SpecificRecord) result(10, 0, NOW), NOW.toEpochMilli()));
        assertThat(context.forwarded())
                .as("measured from when the record was written, not from the clock")
                .singleElement()
                .satisfies(f -> assertThat(f.childName()).contains("evaluate"));
    }

    @Test
    void aTombstonePassesForTheNextProcessorToSkip() {
        step.process(new Record<>(PRODUCT, null, NOW.toEpochMilli()));

        assertThat(context.forwarded())
                .singleElement()
                .satisfies(f -> assertThat(f.childName()).contains("evaluate"));
    }

    private static Record<String, SpecificRecord> record(QualityResultReported value) {
        return new Record<>(PRODUCT, value, NOW.toEpochMilli(), new RecordHeaders());
    }

    private static QualityResultReported result(long rows, long nulls, Instant at) {
        return QualityResultReported.newBuilder()
                .setProductId(PRODUCT)
                .setRunId("run-1")
                .setObservedAt(at)
                .setRowCount(rows)
                .setColumns(List.of(new ColumnMetrics("customer_id", nulls, null, null, null)))
                .build();
    }

    private static String text(Record<byte[], byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
