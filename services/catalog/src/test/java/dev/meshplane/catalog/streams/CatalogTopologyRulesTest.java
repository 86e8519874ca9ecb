package dev.meshplane.catalog.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.MeshHealth;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.testing.PlainAvroSerde;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * The catalog topology on a published product at a fixed clock: events that break an event rule are dead-lettered
 * and leave the views and the mesh's signals as they were; events for a product that is not published wait for its
 * publication, and are dead-lettered ({@code product-known}) if it does not come within the hold.
 */
class CatalogTopologyRulesTest {

    @TempDir
    java.nio.file.Path state;

    private static final String ORDERS = "sales/orders-daily-summary";
    private static final String GHOST = "sales/never-published";
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration HOLD = Duration.ofMinutes(10);

    private TopologyTestDriver driver;
    private final CatalogIndex index = new CatalogIndex();
    private KeyValueStore<String, ProductView> store;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        CatalogTopology.InputSerdes serdes = new CatalogTopology.InputSerdes(
                new PlainAvroSerde<>(DataProductPublished.class),
                new PlainAvroSerde<>(PolicyDecided.class),
                new PlainAvroSerde<>(CheckEvaluated.class),
                new PlainAvroSerde<>(AlertStateChanged.class),
                new PlainAvroSerde<>(FreshnessStatusChanged.class),
                new PlainAvroSerde<>(ConsumerFeedbackGiven.class),
                new PlainAvroSerde<>(AccessRequested.class),
                new PlainAvroSerde<>(AccessDecided.class),
                new PlainAvroSerde<>(AccessGranted.class),
                new PlainAvroSerde<>(ConsumerObserved.class),
                new PlainAvroSerde<>(IncidentChanged.class),
                new PlainAvroSerde<>(AlertDeliveryEnded.class));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalog-rules-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString()); // the stores are RocksDB on disk
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                CatalogTopology.build(
                        serdes, new ObjectMapperSerde<>(ProductView.class), index, EventTimeWindow.DEFAULT, HOLD),
                props,
                NOW);
        store = driver.getKeyValueStore(CatalogTopology.PRODUCTS_STORE);
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** A published product with an accepted decision (2 s), FRESH at 0.9, one 10 and one 3 as feedback. */
    private void history() {
        pipe(Topics.GOVERNANCE_DECISIONS, ORDERS, decision("r1", NOW.minusSeconds(62), NOW.minusSeconds(60)));
        publish(ORDERS, "r1");
        pipe(Topics.FRESHNESS_STATUS, ORDERS, freshness(ORDERS, 0.9));
        pipe(Topics.FEEDBACK, ORDERS, feedback("f1", 10));
        pipe(Topics.FEEDBACK, ORDERS, feedback("f2", 3));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aDecisionStamped1970IsDeadLetteredAndTheVelocityStaysInSeconds() {
        history();
        MeshHealth.Signals before = signals();

        pipe(Topics.GOVERNANCE_DECISIONS, ORDERS, decision("r2", Instant.EPOCH, NOW));

        assertDeadLetter("decision.requested-at-in-window", Topics.GOVERNANCE_DECISIONS);
        assertThat(signals()).isEqualTo(before);
        assertThat(before.velocity().p95Millis()).isEqualTo(2_000L);
        assertThat(store.get(ORDERS).decisions).hasSize(1);
    }

    @Test
    void aComplianceBelowZeroIsDeadLetteredAndTheSlaFiguresStay() {
        history();
        MeshHealth.Signals before = signals();

        pipe(Topics.FRESHNESS_STATUS, ORDERS, freshness(ORDERS, -0.14));

        assertDeadLetter("freshness-status.compliance-within-0-1", Topics.FRESHNESS_STATUS);
        assertThat(signals()).isEqualTo(before);
        assertThat(before.sla().meanCompliance30d()).isEqualTo(0.9);
    }

    @Test
    void scoresOutsideZeroToTenAreDeadLetteredAndNotCounted() {
        history();
        MeshHealth.Signals before = signals();

        pipe(Topics.FEEDBACK, ORDERS, feedback("f3", 99));
        pipe(Topics.FEEDBACK, ORDERS, feedback("f4", -50));

        assertThat(deadLetters.readRecordsToList())
                .extracting(r -> header(r, Topics.DLQ_RULE_HEADER))
                .containsExactly("feedback.score-in-range", "feedback.score-in-range");
        assertThat(signals()).isEqualTo(before);
        assertThat(before.satisfaction()).isEqualTo(new MeshHealth.Satisfaction(2, 1, 0, 1, 0.0));
    }

    @Test
    void checksAlertsAndPublicationsThatBreakARuleChangeNoView() {
        history();
        String viewBefore = json(store.get(ORDERS));

        pipe(Topics.QUALITY_CHECKS, ORDERS, check(ORDERS, "null_rate:customer_id", Double.NaN));
        assertDeadLetter("check.values-finite", Topics.QUALITY_CHECKS);
        pipe(Topics.QUALITY_ALERTS, ORDERS, alert(ORDERS, "a1", Instant.parse("9999-01-01T00:00:00Z")));
        assertDeadLetter("alert.changed-at-in-window", Topics.QUALITY_ALERTS);
        pipe(Topics.FRESHNESS_ALERTS, "sales/other", alert(ORDERS, "a2", NOW));
        assertDeadLetter("alert.key-matches-product-id", Topics.FRESHNESS_ALERTS);
        DataProductPublished noTopic = published(ORDERS, "r9");
        noTopic.setOutputTopic("");
        pipe(Topics.PRODUCTS, ORDERS, noTopic);
        assertDeadLetter("product-published.output-topic-present", Topics.PRODUCTS);

        assertThat(json(store.get(ORDERS))).isEqualTo(viewBefore);
    }

    @Test
    void eventsForAProductThatIsNeverPublishedAreDeadLetteredAfterTheHoldAndListNothing() {
        history();
        pipe(Topics.QUALITY_ALERTS, GHOST, alert(GHOST, "g1", NOW));
        pipe(Topics.QUALITY_CHECKS, GHOST, check(GHOST, "row_count", 1.0));
        pipe(Topics.FRESHNESS_STATUS, GHOST, freshness(GHOST, 1.0));
        pipe(Topics.FEEDBACK, GHOST, feedbackFor(GHOST, "g-f1", 9));

        driver.advanceWallClockTime(HOLD.minusMinutes(2));
        assertThat(deadLetters.isEmpty()).as("held, not yet given up").isTrue();
        driver.advanceWallClockTime(Duration.ofMinutes(3));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, Topics.DLQ_RULE_HEADER)).containsOnly("product-known");
        assertThat(dead)
                .extracting(r -> header(r, Topics.DLQ_SOURCE_TOPIC_HEADER))
                .containsExactly(
                        Topics.QUALITY_ALERTS.name(),
                        Topics.QUALITY_CHECKS.name(),
                        Topics.FRESHNESS_STATUS.name(),
                        Topics.FEEDBACK.name());
        assertThat(header(dead.get(0), Topics.DLQ_REASON_HEADER)).contains(GHOST);
        assertThat(store.get(GHOST)).isNull();
        assertThat(index.summary(GHOST)).isEmpty();
    }

    @Test
    void anAlertReadBeforeItsProductsPublicationIsAppliedWhenThePublicationComes() {
        // At start-up the compacted mesh.products holds only a product's latest version, stamped after its alerts.
        pipe(Topics.QUALITY_ALERTS, ORDERS, alert(ORDERS, "a1", NOW.minusSeconds(30)));
        pipe(Topics.FEEDBACK, ORDERS, feedback("f1", 10));
        assertThat(store.get(ORDERS)).isNull();

        publish(ORDERS, "r1");

        ProductView view = store.get(ORDERS);
        assertThat(view.openAlerts).containsOnlyKeys("a1");
        assertThat(view.feedback.promoters).isEqualTo(1);
        driver.advanceWallClockTime(HOLD.plusMinutes(1));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private MeshHealth.Signals signals() {
        return MeshHealth.of("overall", index.summaries());
    }

    private void assertDeadLetter(String rule, MeshTopic<?> source) {
        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r -> {
            assertThat(header(r, Topics.DLQ_RULE_HEADER)).isEqualTo(rule);
            assertThat(header(r, Topics.DLQ_REASON_HEADER))
                    .startsWith(rule + ": ")
                    .contains("expected");
            assertThat(header(r, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo(source.name());
        });
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String json(ProductView view) {
        return new String(
                new ObjectMapperSerde<>(ProductView.class).serializer().serialize("t", view), StandardCharsets.UTF_8);
    }

    private <V extends SpecificRecord> void pipe(MeshTopic<V> topic, String key, V value) {
        driver.createInputTopic(
                        topic.name(),
                        Serdes.String().serializer(),
                        new PlainAvroSerde<>(topic.valueType()).serializer())
                .pipeInput(key, value, NOW);
    }

    private void publish(String productId, String requestId) {
        pipe(Topics.PRODUCTS, productId, published(productId, requestId));
    }

    private static DataProductPublished published(String productId, String requestId) {
        DataProduct p =
                DescriptorParser.parse("x", Fixtures.example(ORDERS)).product().orElseThrow();
        return DataProductPublished.newBuilder()
                .setProductId(productId)
                .setRequestId(requestId)
                .setVersion(p.metadata().version())
                .setDescriptor(DescriptorEvents.toEvent(p))
                .setOutputTopic(p.id().outputTopic(1))
                .setPublishedAt(NOW.minusSeconds(60))
                .build();
    }

    private static PolicyDecided decision(String requestId, Instant requested, Instant decided) {
        return PolicyDecided.newBuilder()
                .setRequestId(requestId)
                .setProductId(ORDERS)
                .setVersion("1.2.0")
                .setOutcome(DecisionOutcome.ACCEPTED)
                .setRequestedAt(requested)
                .setDecidedAt(decided)
                .build();
    }

    private static FreshnessStatusChanged freshness(String productId, double compliance) {
        return FreshnessStatusChanged.newBuilder()
                .setProductId(productId)
                .setStatus(FreshnessState.FRESH)
                .setSince(NOW.minusSeconds(600))
                .setTargetMillis(900_000)
                .setAlertAfterMillis(1_800_000)
                .setCompliance30d(compliance)
                .build();
    }

    private static ConsumerFeedbackGiven feedback(String id, int score) {
        return feedbackFor(ORDERS, id, score);
    }

    private static ConsumerFeedbackGiven feedbackFor(String productId, String id, int score) {
        return ConsumerFeedbackGiven.newBuilder()
                .setFeedbackId(id)
                .setProductId(productId)
                .setScore(score)
                .setGivenAt(NOW)
                .build();
    }

    private static CheckEvaluated check(String productId, String checkId, double observed) {
        return CheckEvaluated.newBuilder()
                .setProductId(productId)
                .setRunId("run-1")
                .setCheckId(checkId)
                .setCheckType(checkId.split(":")[0])
                .setStatus(CheckStatus.PASS)
                .setObserved(observed)
                .setObservedAt(NOW.minusSeconds(5))
                .setEvaluatedAt(NOW)
                .build();
    }

    private static AlertStateChanged alert(String productId, String id, Instant at) {
        return AlertStateChanged.newBuilder()
                .setAlertId(id)
                .setProductId(productId)
                .setKind(AlertKind.QUALITY)
                .setState(AlertState.FIRING)
                .setSummary("null rate of customer_id above 1%")
                .setChangedAt(at)
                .build();
    }
}
