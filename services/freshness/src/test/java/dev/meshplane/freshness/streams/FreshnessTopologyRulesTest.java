package dev.meshplane.freshness.streams;

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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.testing.PlainAvroSerde;
import dev.meshplane.topics.Topics;

/**
 * Signals and publications that break an event rule, on a tracked product (SLA {@code target: 15m, alert_after: 30m})
 * under a mocked wall clock: each goes to the dead letters with its rule and changes nothing, and the product keeps to
 * its schedule, neither FRESH for ever nor BREACHED at once.
 */
class FreshnessTopologyRulesTest {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, DataProductPublished> products;
    private TestInputTopic<String, FreshnessSignalled> signals;
    private TestOutputTopic<String, FreshnessStatusChanged> status;
    private TestOutputTopic<String, AlertStateChanged> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private Instant now = T0;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "freshness-rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("freshness-rules-test").toString());
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
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static Stream<Arguments> brokenSignals() {
        return Stream.of(
                Arguments.of(
                        "freshness-signal.data-updated-at-in-window",
                        edit(s -> s.setDataUpdatedAt(Instant.parse("9999-12-31T00:00:00Z")))),
                Arguments.of(
                        "freshness-signal.data-updated-at-in-window", edit(s -> s.setDataUpdatedAt(Instant.EPOCH))),
                Arguments.of(
                        "freshness-signal.emitted-at-in-window",
                        edit(s -> s.setEmittedAt(Instant.parse("9999-12-31T00:00:00Z")))),
                Arguments.of("freshness-signal.run-id-not-blank", edit(s -> s.setRunId(" "))),
                Arguments.of("freshness-signal.key-matches-product-id", edit(s -> s.setProductId("sales/other"))),
                Arguments.of("freshness-signal.product-id-present", edit(s -> s.setProductId(""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSignals")
    void aSignalThatBreaksARuleIsDeadLetteredAndTheProductKeepsToItsSchedule(
            String rule, Consumer<FreshnessSignalled> broken) {
        publish(p -> {});
        signal(now, "run-1", s -> {});
        assertThat(statuses()).extracting(FreshnessStatusChanged::getStatus).containsOnly(FreshnessState.FRESH);
        Tracked before = tracked();

        advance(Duration.ofMinutes(5));
        signal(now, "run-2", broken);

        assertDeadLetter(rule, Topics.FRESHNESS_SIGNALS.name());
        assertThat(statuses()).as("no status change").isEmpty();
        assertThat(alerts.isEmpty()).as("no alert").isTrue();
        assertThat(tracked().dataUpdatedAt).isEqualTo(before.dataUpdatedAt);

        advance(Duration.ofMinutes(11)); // 16 minutes after run-1's data: LATE, as if the bad signal never came
        assertThat(statuses()).extracting(FreshnessStatusChanged::getStatus).containsExactly(FreshnessState.LATE);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void aSignalWithoutAKeyIsDeadLettered() {
        publish(p -> {});
        statuses();

        signals.pipeInput(null, signalOf(now, "run-1", s -> {}), now);

        assertDeadLetter("freshness-signal.key-present", Topics.FRESHNESS_SIGNALS.name());
        assertThat(statuses()).isEmpty();
    }

    @Test
    void aPublicationThatBreaksARuleIsNotTracked() {
        publish(p -> p.setPublishedAt(Instant.parse("9999-12-31T00:00:00Z")));

        assertDeadLetter("product-published.published-at-in-window", Topics.PRODUCTS.name());
        assertThat(statuses()).isEmpty();
        assertThat(tracked()).isNull();
        advance(Duration.ofHours(2));
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
            assertThat(header(r, Topics.DLQ_VALUE_FORMAT_HEADER)).startsWith("avro-json");
        });
    }

    private Tracked tracked() {
        return driver.<String, Tracked>getKeyValueStore(FreshnessTopology.TRACKED_STORE)
                .get(PRODUCT);
    }

    private void advance(Duration d) {
        now = now.plus(d);
        driver.advanceWallClockTime(d);
    }

    private List<FreshnessStatusChanged> statuses() {
        return status.readValuesToList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Consumer<FreshnessSignalled> edit(Consumer<FreshnessSignalled> change) {
        return change;
    }

    private void publish(Consumer<DataProductPublished> change) {
        DataProduct p =
                DescriptorParser.parse("x", Fixtures.example(PRODUCT)).product().orElseThrow();
        DataProductPublished e = DataProductPublished.newBuilder()
                .setProductId(PRODUCT)
                .setRequestId("r1")
                .setVersion("1.2.0")
                .setDescriptor(DescriptorEvents.toEvent(p))
                .setOutputTopic("sales.orders-daily-summary.v1")
                .setPublishedAt(now)
                .build();
        change.accept(e);
        products.pipeInput(PRODUCT, e, now);
    }

    private void signal(Instant dataUpdatedAt, String runId, Consumer<FreshnessSignalled> change) {
        signals.pipeInput(PRODUCT, signalOf(dataUpdatedAt, runId, change), now);
    }

    private FreshnessSignalled signalOf(Instant dataUpdatedAt, String runId, Consumer<FreshnessSignalled> change) {
        FreshnessSignalled s = FreshnessSignalled.newBuilder()
                .setProductId(PRODUCT)
                .setDataUpdatedAt(dataUpdatedAt)
                .setRunId(runId)
                .setEmittedAt(now)
                .build();
        change.accept(s);
        return s;
    }
}
