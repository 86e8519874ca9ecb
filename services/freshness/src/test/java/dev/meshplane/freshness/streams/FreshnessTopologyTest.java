package dev.meshplane.freshness.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.testing.PlainAvroSerde;
import dev.meshplane.topics.Topics;

/**
 * The real topology with a mocked wall clock: time moves only when the test advances it, and the punctuator runs then.
 * The example product's SLA is {@code target: 15m, alert_after: 30m}.
 */
class FreshnessTopologyTest {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, DataProductPublished> products;
    private TestInputTopic<String, FreshnessSignalled> signals;
    private TestOutputTopic<String, FreshnessStatusChanged> status;
    private TestOutputTopic<String, AlertStateChanged> alerts;
    private Instant now = T0;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "freshness-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("freshness-test").toString());
        driver = new TopologyTestDriver(
                FreshnessTopology.build(
                        new FreshnessTopology.EventSerdes(
                                new PlainAvroSerde<>(DataProductPublished.class),
                                new PlainAvroSerde<>(FreshnessSignalled.class),
                                new PlainAvroSerde<>(FreshnessStatusChanged.class),
                                new PlainAvroSerde<>(AlertStateChanged.class)),
                        Duration.ofMillis(200),
                        EventTimeWindow.DEFAULT),
                props,
                T0);
        products = driver.createInputTopic(
                Topics.PRODUCTS.name(),
                Serdes.String().serializer(),
                new PlainAvroSerde<>(DataProductPublished.class).serializer());
        signals = driver.createInputTopic(
                Topics.FRESHNESS_SIGNALS.name(),
                Serdes.String().serializer(),
                new PlainAvroSerde<>(FreshnessSignalled.class).serializer());
        status = driver.createOutputTopic(
                Topics.FRESHNESS_STATUS.name(),
                Serdes.String().deserializer(),
                new PlainAvroSerde<>(FreshnessStatusChanged.class).deserializer());
        alerts = driver.createOutputTopic(
                Topics.FRESHNESS_ALERTS.name(),
                Serdes.String().deserializer(),
                new PlainAvroSerde<>(AlertStateChanged.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void freshThenLateThenBreachedThenResolvedWithExactlyOneAlert() throws IOException {
        publish(PRODUCT);
        signal(T0, "run-1");
        assertThat(statuses()).extracting(FreshnessStatusChanged::getStatus).containsOnly(FreshnessState.FRESH);

        advance(Duration.ofMinutes(10));
        assertThat(statuses()).isEmpty();

        advance(Duration.ofMinutes(6)); // 16 minutes old: past the 15m target
        assertThat(statuses()).singleElement().satisfies(s -> {
            assertThat(s.getStatus()).isEqualTo(FreshnessState.LATE);
            assertThat(s.getSince()).isEqualTo(T0.plus(Duration.ofMinutes(15)).plusMillis(1));
        });
        assertThat(alerts.isEmpty()).isTrue();

        advance(Duration.ofMinutes(15)); // 31 minutes: past alert_after
        assertThat(statuses()).extracting(FreshnessStatusChanged::getStatus).containsExactly(FreshnessState.BREACHED);
        List<AlertStateChanged> fired = alerts.readValuesToList();
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getKind()).isEqualTo(AlertKind.FRESHNESS);
            assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#freshness");
            assertThat(a.getOncall()).isEqualTo("jane.doe@company.com");
            assertThat(a.getDetails()).containsEntry("deadline", "2026-11-01T00:30:00.001Z");
            assertThat(a.getSummary()).contains("31m old").contains("late");
        });

        for (int i = 0; i < 20; i++) { // hours of ticks: still one alert
            advance(Duration.ofMinutes(10));
        }
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(statuses()).isEmpty();

        signal(now, "run-2");
        assertThat(statuses()).extracting(FreshnessStatusChanged::getStatus).containsExactly(FreshnessState.FRESH);
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#freshness");
            assertThat(a.getDetails()).containsEntry("runId", "run-2");
        });
    }

    @Test
    void aProductThatNeverSignalsIsMeasuredFromItsPublicationAndBreaches() throws IOException {
        publish(PRODUCT);
        advance(Duration.ofMinutes(31));
        assertThat(statuses())
                .extracting(FreshnessStatusChanged::getStatus)
                .containsExactly(FreshnessState.FRESH, FreshnessState.LATE, FreshnessState.BREACHED);
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.FIRING);
            assertThat(a.getDetails()).doesNotContainKey("dataUpdatedAt");
        });
    }

    @Test
    void anOlderSignalDoesNotMakeTheProductLookStaler() throws IOException {
        publish(PRODUCT);
        advance(Duration.ofMinutes(20));
        signal(T0.plus(Duration.ofMinutes(20)), "run-2");
        statuses();
        signal(T0.plus(Duration.ofMinutes(2)), "run-1"); // arrives late, says less
        assertThat(statuses()).isEmpty();
        advance(Duration.ofMinutes(14)); // 14 minutes after the newer data: still fresh
        assertThat(statuses()).isEmpty();
        advance(Duration.ofMinutes(2));
        assertThat(statuses()).singleElement().satisfies(s -> {
            assertThat(s.getStatus()).isEqualTo(FreshnessState.LATE);
            assertThat(s.getDataUpdatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        });
    }

    /**
     * Thirty days of an hourly pipeline under {@code target: 1h, alert_after: 2h}, except on day 10, when it stops at
     * 00:00 and comes back at 05:00: out of target from 01:00:00.001 (target + 1 ms) to 05:00, so 4 h minus 1 ms of
     * 720 h, and breached from 02:00:00.001 to 05:00 (one FIRING, one RESOLVED).
     */
    @Test
    void complianceOverASimulatedMonthMatchesTheHandComputedFigure() throws IOException {
        publish(
                PRODUCT,
                yaml -> yaml.replace("target: 15m", "target: 1h").replace("alert_after: 30m", "alert_after: 2h"));
        Instant gapStart = T0.plus(Duration.ofDays(10));
        Instant gapEnd = gapStart.plus(Duration.ofHours(5));
        while (now.isBefore(T0.plus(Duration.ofDays(30)))) {
            if (!now.isAfter(gapStart) || !now.isBefore(gapEnd)) {
                signal(now, "run-" + now);
            }
            advance(Duration.ofHours(1));
        }
        signal(now, "last");
        List<FreshnessStatusChanged> all = statuses();
        long out = Duration.ofHours(4).toMillis() - 1;
        double expected = 1.0 - (double) out / Duration.ofDays(30).toMillis();
        assertThat(expected).isCloseTo(1.0 - 4.0 / 720, within(1e-8)); // 0.994444...
        assertThat(all.get(all.size() - 1).getCompliance30d()).isCloseTo(expected, within(1e-12));
        assertThat(all)
                .extracting(FreshnessStatusChanged::getStatus)
                .containsSubsequence(FreshnessState.LATE, FreshnessState.BREACHED, FreshnessState.FRESH);
        assertThat(alerts.readValuesToList())
                .extracting(AlertStateChanged::getState)
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    }

    private void advance(Duration d) {
        now = now.plus(d);
        driver.advanceWallClockTime(d);
    }

    private List<FreshnessStatusChanged> statuses() {
        return status.readValuesToList();
    }

    private void publish(String id) throws IOException {
        publish(id, yaml -> yaml);
    }

    private void publish(String id, UnaryOperator<String> edit) throws IOException {
        DataProduct p = DescriptorParser.parse("x", edit.apply(Fixtures.example("sales/orders-daily-summary")))
                .product()
                .orElseThrow();
        products.pipeInput(
                id,
                DataProductPublished.newBuilder()
                        .setProductId(id)
                        .setRequestId("r1")
                        .setVersion("1.2.0")
                        .setDescriptor(DescriptorEvents.toEvent(p))
                        .setOutputTopic("sales.orders-daily-summary.v1")
                        .setPublishedAt(now)
                        .build(),
                now);
    }

    private void signal(Instant dataUpdatedAt, String runId) {
        signals.pipeInput(
                PRODUCT,
                FreshnessSignalled.newBuilder()
                        .setProductId(PRODUCT)
                        .setDataUpdatedAt(dataUpdatedAt)
                        .setRunId(runId)
                        .setEmittedAt(now)
                        .build(),
                now);
    }
}
