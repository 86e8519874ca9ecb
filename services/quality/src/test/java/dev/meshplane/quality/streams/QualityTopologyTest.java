package dev.meshplane.quality.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AlertState;
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
 * Eight simulated days of a product with four runs a day: the real topology, no broker, no registry.
 *
 * <pre>
 * days 1-5: ~1000 rows a run, 0.2% null customer_id -> the first three runs SKIPPED (too little history), then PASS
 * day 6:    650 rows (-35%)                         -> row_count_delta FAIL on every run, one FIRING alert
 * day 7:    back to 1000                             -> PASS, one RESOLVED alert
 * day 8:    5% null customer_id                     -> null_rate FAIL, its own FIRING alert
 * </pre>
 */
class QualityTopologyTest {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final Instant DAY0 = Instant.parse("2026-11-01T00:00:00Z");
    /** The task's clock: the event-time rules measure the runs against it, so the days below are always recent. */
    private static final Instant WALL_CLOCK = DAY0.plus(Duration.ofDays(10));

    private TopologyTestDriver driver;
    private TestInputTopic<String, QualityResultReported> results;
    private TestOutputTopic<String, CheckEvaluated> checks;
    private TestOutputTopic<String, AlertStateChanged> alerts;

    /** When set, every run of PRODUCT is followed by a steady run of this product. */
    private String interleaved;

    @BeforeEach
    void start() throws IOException {
        open(1_000_000);
    }

    private void open(long cachedRuns) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quality-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("quality-test").toString());
        driver = new TopologyTestDriver(
                QualityTopology.build(
                        new QualityTopology.EventSerdes(
                                new PlainAvroSerde<>(DataProductPublished.class),
                                new PlainAvroSerde<>(QualityResultReported.class),
                                new PlainAvroSerde<>(CheckEvaluated.class),
                                new PlainAvroSerde<>(AlertStateChanged.class),
                                new ObjectMapperSerde<>(ProductChecks.class)),
                        3,
                        cachedRuns,
                        EventTimeWindow.DEFAULT),
                props,
                WALL_CLOCK);
        results = driver.createInputTopic(
                Topics.QUALITY_RESULTS.name(),
                Serdes.String().serializer(),
                new PlainAvroSerde<>(QualityResultReported.class).serializer());
        checks = driver.createOutputTopic(
                Topics.QUALITY_CHECKS.name(),
                Serdes.String().deserializer(),
                new PlainAvroSerde<>(CheckEvaluated.class).deserializer());
        alerts = driver.createOutputTopic(
                Topics.QUALITY_ALERTS.name(),
                Serdes.String().deserializer(),
                new PlainAvroSerde<>(AlertStateChanged.class).deserializer());
        publish(PRODUCT);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void publish(String productId) throws IOException {
        DataProduct p = DescriptorParser.parse("x", Fixtures.example("sales/orders-daily-summary"))
                .product()
                .orElseThrow();
        driver.createInputTopic(
                        Topics.PRODUCTS.name(),
                        Serdes.String().serializer(),
                        new PlainAvroSerde<>(DataProductPublished.class).serializer())
                .pipeInput(
                        productId,
                        DataProductPublished.newBuilder()
                                .setProductId(productId)
                                .setRequestId("r1")
                                .setVersion("1.2.0")
                                .setDescriptor(DescriptorEvents.toEvent(p))
                                .setOutputTopic("sales.orders-daily-summary.v1")
                                .setPublishedAt(DAY0)
                                .build());
    }

    private void run(String runId, Instant at, long rows, long nullCustomers) {
        run(PRODUCT, runId, at, rows, nullCustomers);
        if (interleaved != null) {
            run(interleaved, "other-" + runId, at, 1000, 0);
        }
    }

    private void run(String productId, String runId, Instant at, long rows, long nullCustomers) {
        results.pipeInput(
                productId,
                QualityResultReported.newBuilder()
                        .setProductId(productId)
                        .setRunId(runId)
                        .setObservedAt(at)
                        .setRowCount(rows)
                        .setColumns(List.of(
                                new ColumnMetrics("customer_id", nullCustomers, null, null, null),
                                new ColumnMetrics("order_id", 0L, null, null, null)))
                        .build());
    }

    /** The outcomes of PRODUCT written since the last read. */
    private List<CheckEvaluated> outcomes() {
        return checks.readValuesToList().stream()
                .filter(c -> c.getProductId().equals(PRODUCT))
                .toList();
    }

    private void day(int day, long rows, long nulls) {
        for (int r = 0; r < 4; r++) {
            run(
                    "d" + day + "r" + r,
                    DAY0.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(6L * r)),
                    rows + (r % 2 == 0 ? 10 : -10),
                    nulls);
        }
    }

    private List<CheckEvaluated> deltas(List<CheckEvaluated> all) {
        return all.stream()
                .filter(c -> c.getCheckType().equals("row_count_delta"))
                .toList();
    }

    @Test
    void eightDaysOfRuns() {
        eightDays();
    }

    @Test
    void theSameEightDaysWhenEveryRunReadsTheProductBackFromTheStores() throws IOException {
        driver.close();
        open(0); // no runs kept in memory: each product evicts the other, so every run rebuilds from the stores
        interleaved = "sales/steady";
        publish(interleaved);
        eightDays();
        long stored = 0;
        try (KeyValueIterator<String, long[]> it = driver.<String, long[]>getKeyValueStore(QualityTopology.RUNS_STORE)
                .all()) {
            for (; it.hasNext(); it.next()) {
                stored++;
            }
        }
        assertThat(stored).as("both products' runs, each once").isEqualTo(2 * 8 * 4);
    }

    private void eightDays() {
        for (int d = 1; d <= 5; d++) {
            day(d, 1000, 2);
        }
        List<CheckEvaluated> firstDays = outcomes();
        assertThat(deltas(firstDays))
                .extracting(CheckEvaluated::getStatus)
                .startsWith(CheckStatus.SKIPPED, CheckStatus.SKIPPED, CheckStatus.SKIPPED, CheckStatus.PASS);
        assertThat(deltas(firstDays).get(0).getReason()).contains("needs 3");
        assertThat(deltas(firstDays).subList(3, 20)).allMatch(c -> c.getStatus() == CheckStatus.PASS);
        assertThat(firstDays)
                .filteredOn(c -> c.getCheckType().equals("null_rate"))
                .allMatch(c -> c.getStatus() == CheckStatus.PASS);
        assertThat(alerts.isEmpty()).isTrue();

        day(6, 650, 1);
        assertThat(deltas(outcomes())).extracting(CheckEvaluated::getStatus).containsOnly(CheckStatus.FAIL);
        List<AlertStateChanged> fired = alerts.readValuesToList();
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#row_count_delta:*");
            assertThat(a.getOwner()).isEqualTo("sales-data@company.com");
            assertThat(a.getOncall()).isEqualTo("jane.doe@company.com");
            assertThat(a.getSummary()).contains("below");
        });

        day(7, 1000, 2);
        List<AlertStateChanged> resolved = alerts.readValuesToList();
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#row_count_delta:*");
        });
        outcomes();

        run("d7r3", DAY0.plus(Duration.ofDays(6)).plus(Duration.ofHours(18)), 1, 1); // the same run id again
        assertThat(outcomes().isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();

        day(8, 1000, 50);
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#null_rate:customer_id");
        });
        assertThat(outcomes())
                .filteredOn(c -> c.getCheckType().equals("null_rate"))
                .extracting(CheckEvaluated::getStatus)
                .containsOnly(CheckStatus.FAIL);
    }

    @Test
    void aLateRunLandsInTheRightPlaceOfTheWindow() {
        day(1, 1000, 0);
        // a run from before all of them: no earlier runs in its window, so its baseline check is skipped
        run("late", DAY0.minus(Duration.ofHours(1)), 10, 0);

        List<CheckEvaluated> late = deltas(checks.readValuesToList());
        assertThat(late.get(late.size() - 1).getStatus()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(late.get(late.size() - 1).getReason()).contains("0 earlier run(s)");
    }

    @Test
    void resultsForAnUnpublishedProductAreIgnored() {
        results.pipeInput(
                "sales/unknown",
                QualityResultReported.newBuilder()
                        .setProductId("sales/unknown")
                        .setRunId("x")
                        .setObservedAt(DAY0)
                        .setRowCount(1)
                        .build());

        assertThat(checks.isEmpty()).isTrue();
    }
}
