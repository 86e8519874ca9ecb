package dev.meshplane.quality.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.quality.domain.ProductChecks;
import dev.meshplane.testing.PlainAvroSerde;
import dev.meshplane.topics.Topics;

/**
 * Results that break an event rule, after five steady days of a product: each goes to the dead letters with its rule
 * and changes nothing (no outcome, no alert, no run kept), and the next good run is evaluated against the same
 * baseline as before.
 */
class QualityTopologyRulesTest {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final Instant DAY0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant WALL_CLOCK = DAY0.plus(Duration.ofDays(6));

    private TopologyTestDriver driver;
    private TestInputTopic<String, QualityResultReported> results;
    private TestInputTopic<String, DataProductPublished> products;
    private TestOutputTopic<String, CheckEvaluated> checks;
    private TestOutputTopic<String, AlertStateChanged> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quality-rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("quality-rules-test").toString());
        driver = new TopologyTestDriver(
                QualityTopology.build(
                        new QualityTopology.EventSerdes(
                                new PlainAvroSerde<>(DataProductPublished.class),
                                new PlainAvroSerde<>(QualityResultReported.class),
                                new PlainAvroSerde<>(CheckEvaluated.class),
                                new PlainAvroSerde<>(AlertStateChanged.class),
                                new ObjectMapperSerde<>(ProductChecks.class)),
                        3,
                        1_000_000,
                        EventTimeWindow.DEFAULT),
                props,
                WALL_CLOCK);
        results = driver.createInputTopic(
                Topics.QUALITY_RESULTS.name(),
                Serdes.String().serializer(),
                new PlainAvroSerde<>(QualityResultReported.class).serializer());
        products = driver.createInputTopic(
                Topics.PRODUCTS.name(),
                Serdes.String().serializer(),
                new PlainAvroSerde<>(DataProductPublished.class).serializer());
        checks = driver.createOutputTopic(
                Topics.QUALITY_CHECKS.name(),
                Serdes.String().deserializer(),
                new PlainAvroSerde<>(CheckEvaluated.class).deserializer());
        alerts = driver.createOutputTopic(
                Topics.QUALITY_ALERTS.name(),
                Serdes.String().deserializer(),
                new PlainAvroSerde<>(AlertStateChanged.class).deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        products.pipeInput(PRODUCT, published(p -> {}));
        for (int d = 0; d < 5; d++) {
            for (int r = 0; r < 4; r++) {
                results.pipeInput(PRODUCT, run("d" + d + "r" + r, d, r, x -> {}));
            }
        }
        checks.readValuesToList();
        assertThat(alerts.isEmpty()).isTrue();
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static Stream<Arguments> brokenResults() {
        return Stream.of(
                Arguments.of("quality-result.row-count-not-negative", edit(r -> r.setRowCount(-5))),
                Arguments.of("quality-result.null-count-within-rows", edit(r -> {
                    r.setRowCount(10);
                    r.setColumns(List.of(new ColumnMetrics("customer_id", 1_000L, null, null, null)));
                })),
                Arguments.of(
                        "quality-result.null-count-not-negative",
                        edit(r -> r.setColumns(List.of(new ColumnMetrics("customer_id", -1L, null, null, null))))),
                Arguments.of(
                        "quality-result.distinct-count-not-negative",
                        edit(r -> r.setColumns(List.of(new ColumnMetrics("customer_id", 0L, -4L, null, null))))),
                Arguments.of(
                        "quality-result.distinct-count-within-rows",
                        edit(r -> r.setColumns(List.of(new ColumnMetrics("customer_id", 0L, 5_000L, null, null))))),
                Arguments.of(
                        "quality-result.column-name-present",
                        edit(r -> r.setColumns(List.of(new ColumnMetrics("", 0L, null, null, null))))),
                Arguments.of("quality-result.run-id-present", edit(r -> r.setRunId(""))),
                Arguments.of("quality-result.key-matches-product-id", edit(r -> r.setProductId("sales/other"))),
                Arguments.of(
                        "quality-result.observed-at-in-window",
                        edit(r -> r.setObservedAt(Instant.parse("9999-12-31T00:00:00Z")))),
                Arguments.of("quality-result.observed-at-in-window", edit(r -> r.setObservedAt(Instant.EPOCH))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenResults")
    void aResultThatBreaksARuleIsDeadLetteredAndChangesNothing(String rule, Consumer<QualityResultReported> broken) {
        long runsBefore = storedRuns();

        results.pipeInput(PRODUCT, run("bad", 5, 0, broken));

        assertDeadLetter(rule, Topics.QUALITY_RESULTS.name());
        assertThat(checks.isEmpty()).as("no outcome").isTrue();
        assertThat(alerts.isEmpty()).as("no alert").isTrue();
        assertThat(storedRuns()).as("the baseline keeps the runs it had").isEqualTo(runsBefore);
        assertTheNextRunIsEvaluatedAgainstTheSameBaseline();
    }

    @Test
    void aResultWithoutAKeyIsDeadLettered() {
        results.pipeInput((String) null, run("no-key", 5, 0, r -> {}));

        assertDeadLetter("quality-result.key-present", Topics.QUALITY_RESULTS.name());
        assertThat(checks.isEmpty()).isTrue();
    }

    @Test
    void aPublicationThatBreaksARuleDoesNotReplaceTheProductsChecks() {
        ProductChecks before = driver.<String, ProductChecks>getKeyValueStore(QualityTopology.PRODUCTS_STORE)
                .get(PRODUCT);

        products.pipeInput(PRODUCT, published(p -> {
            p.setOutputTopic("");
            p.setVersion("2.0.0");
        }));

        assertDeadLetter("product-published.output-topic-present", Topics.PRODUCTS.name());
        assertThat(driver.<String, ProductChecks>getKeyValueStore(QualityTopology.PRODUCTS_STORE)
                        .get(PRODUCT)
                        .version())
                .isEqualTo(before.version());
        assertTheNextRunIsEvaluatedAgainstTheSameBaseline();
    }

    private void assertTheNextRunIsEvaluatedAgainstTheSameBaseline() {
        results.pipeInput(PRODUCT, run("good", 5, 1, r -> {}));
        List<CheckEvaluated> outcomes = checks.readValuesToList();
        assertThat(outcomes)
                .filteredOn(c -> c.getCheckType().equals("row_count_delta"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo(CheckStatus.PASS);
                    assertThat(c.getExpected())
                            .as("the mean of the steady runs")
                            .isEqualTo(1000.0);
                });
        assertThat(alerts.isEmpty()).isTrue();
    }

    private void assertDeadLetter(String rule, String sourceTopic) {
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, Topics.DLQ_RULE_HEADER)).isEqualTo(rule);
            assertThat(header(r, Topics.DLQ_REASON_HEADER))
                    .startsWith(rule + ": ")
                    .contains("expected");
            assertThat(header(r, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo(sourceTopic);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).startsWith("{");
        });
    }

    private long storedRuns() {
        long n = 0;
        try (KeyValueIterator<String, long[]> it = driver.<String, long[]>getKeyValueStore(QualityTopology.RUNS_STORE)
                .all()) {
            for (; it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Consumer<QualityResultReported> edit(Consumer<QualityResultReported> change) {
        return change;
    }

    private static QualityResultReported run(String runId, int day, int slot, Consumer<QualityResultReported> change) {
        QualityResultReported r = QualityResultReported.newBuilder()
                .setProductId(PRODUCT)
                .setRunId(runId)
                .setObservedAt(DAY0.plus(Duration.ofDays(day)).plus(Duration.ofHours(6L * slot)))
                .setRowCount(1000)
                .setColumns(List.of(
                        new ColumnMetrics("customer_id", 1L, null, null, null),
                        new ColumnMetrics("order_id", 0L, null, null, null)))
                .build();
        change.accept(r);
        return r;
    }

    private static DataProductPublished published(Consumer<DataProductPublished> change) {
        DataProduct p =
                DescriptorParser.parse("x", Fixtures.example(PRODUCT)).product().orElseThrow();
        DataProductPublished e = DataProductPublished.newBuilder()
                .setProductId(PRODUCT)
                .setRequestId("r1")
                .setVersion("1.2.0")
                .setDescriptor(DescriptorEvents.toEvent(p))
                .setOutputTopic("sales.orders-daily-summary.v1")
                .setPublishedAt(DAY0)
                .build();
        change.accept(e);
        return e;
    }
}
