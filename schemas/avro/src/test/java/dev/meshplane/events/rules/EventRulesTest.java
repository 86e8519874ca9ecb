package dev.meshplane.events.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.DataProductDescriptor;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.QualityResultReported;

/** Each rule broken once on an otherwise valid event, against a fixed clock. */
class EventRulesTest {

    static final String PRODUCT = "sales/orders";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant YEAR_9999 = Instant.parse("9999-12-31T00:00:00Z");
    static final Instant EPOCH = Instant.EPOCH;

    private final EventRules rules = new EventRules(Clock.fixed(NOW, ZoneOffset.UTC), EventTimeWindow.DEFAULT);

    @Test
    void validEventsOfEveryTypeBreakNoRule() {
        for (SpecificRecord event : List.of(
                request(r -> {}),
                decision(d -> {}),
                published(p -> {}),
                result(r -> {}),
                check(c -> {}),
                alert(a -> {}),
                signal(s -> {}),
                status(s -> {}),
                feedback(f -> {}))) {
            assertThat(rules.check(PRODUCT, event, NOW))
                    .as(event.getClass().getSimpleName())
                    .isEmpty();
        }
    }

    static Stream<Arguments> brokenEvents() {
        return Stream.of(
                Arguments.of("publication-request.request-id-present", request(r -> r.setRequestId(""))),
                Arguments.of("publication-request.product-id-present", request(r -> r.setProductId(" "))),
                Arguments.of("publication-request.key-matches-product-id", request(r -> r.setProductId("sales/x"))),
                Arguments.of("publication-request.requested-at-in-window", request(r -> r.setRequestedAt(EPOCH))),
                Arguments.of("decision.requested-at-in-window", decision(d -> d.setRequestedAt(EPOCH))),
                Arguments.of("decision.decided-at-in-window", decision(d -> d.setDecidedAt(YEAR_9999))),
                Arguments.of("decision.durations-not-negative", decision(d -> d.setTotalMillis(-1))),
                Arguments.of("product-published.output-topic-present", published(p -> p.setOutputTopic(""))),
                Arguments.of("product-published.published-at-in-window", published(p -> p.setPublishedAt(EPOCH))),
                Arguments.of("quality-result.run-id-present", result(r -> r.setRunId(""))),
                Arguments.of("quality-result.row-count-not-negative", result(r -> r.setRowCount(-5))),
                Arguments.of("quality-result.null-count-not-negative", result(r -> column(r, -1, null))),
                Arguments.of("quality-result.null-count-within-rows", result(r -> column(r, 1_000, null))),
                Arguments.of("quality-result.distinct-count-not-negative", result(r -> column(r, 0, -3L))),
                Arguments.of("quality-result.distinct-count-within-rows", result(r -> column(r, 0, 11L))),
                Arguments.of("quality-result.observed-at-in-window", result(r -> r.setObservedAt(YEAR_9999))),
                Arguments.of("check.check-id-present", check(c -> c.setCheckId(""))),
                Arguments.of("check.values-finite", check(c -> c.setObserved(Double.NaN))),
                Arguments.of("check.evaluated-at-in-window", check(c -> c.setEvaluatedAt(YEAR_9999))),
                Arguments.of("alert.alert-id-present", alert(a -> a.setAlertId(""))),
                Arguments.of("alert.changed-at-in-window", alert(a -> a.setChangedAt(EPOCH))),
                Arguments.of("freshness-signal.data-updated-at-in-window", signal(s -> s.setDataUpdatedAt(YEAR_9999))),
                Arguments.of("freshness-signal.emitted-at-in-window", signal(s -> s.setEmittedAt(EPOCH))),
                Arguments.of("freshness-signal.run-id-not-blank", signal(s -> s.setRunId(""))),
                Arguments.of("freshness-status.compliance-within-0-1", status(s -> s.setCompliance30d(-0.14))),
                Arguments.of("freshness-status.since-not-in-future", status(s -> s.setSince(YEAR_9999))),
                Arguments.of("freshness-status.sla-positive", status(s -> s.setAlertAfterMillis(1))),
                Arguments.of("feedback.score-in-range", feedback(f -> f.setScore(99))),
                Arguments.of("feedback.score-in-range", feedback(f -> f.setScore(-50))),
                Arguments.of("feedback.feedback-id-present", feedback(f -> f.setFeedbackId(""))),
                Arguments.of("feedback.person-not-blank", feedback(f -> f.setPerson(" "))),
                Arguments.of("feedback.given-at-in-window", feedback(f -> f.setGivenAt(YEAR_9999))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEvents")
    void eachBrokenRuleIsReportedByItsIdWithAMessageThatSaysWhatIsExpected(String rule, SpecificRecord event) {
        assertThat(rules.check(PRODUCT, event, NOW)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(rule);
            assertThat(v.message()).contains("expected");
        });
    }

    @Test
    void aRecordWithAnEmptyOrNoKeyBreaksKeyPresentOnly() {
        assertThat(rules.check("", request(r -> {}), NOW))
                .extracting(Violation::rule)
                .containsExactly("publication-request.key-present");
        assertThat(rules.check(null, feedback(f -> {}), NOW))
                .extracting(Violation::rule)
                .containsExactly("feedback.key-present");
    }

    @Test
    void theMessageNamesTheValuesThatWereWrong() {
        assertThat(rules.check(PRODUCT, result(r -> column(r, 1_000, null)), NOW))
                .singleElement()
                .extracting(Violation::message)
                .isEqualTo(
                        "column customer_id: nullCount 1000 is more than rowCount 10; expected at most the row count");
    }

    @Test
    void eventTimesAreMeasuredFromWhenTheRecordWasWrittenSoAReplayYearsLaterAcceptsTheSameEvents() {
        Instant written = Instant.parse("2024-01-01T00:00:00Z"); // ~3 years before NOW
        QualityResultReported oldButFine = result(r -> r.setObservedAt(written.minus(Duration.ofHours(1))));

        assertThat(rules.check(PRODUCT, oldButFine, written)).isEmpty();
        assertThat(rules.check(PRODUCT, oldButFine, null))
                .as("no record time: measured from now")
                .extracting(Violation::rule)
                .containsExactly("quality-result.observed-at-in-window");
        assertThat(rules.check(PRODUCT, result(r -> r.setObservedAt(NOW.plus(Duration.ofDays(2)))), YEAR_9999))
                .as("a record time ahead of the clock counts as now")
                .extracting(Violation::rule)
                .containsExactly("quality-result.observed-at-in-window");
    }

    @Test
    void theWindowIsAParameter() {
        EventRules strict = new EventRules(
                Clock.fixed(NOW, ZoneOffset.UTC), new EventTimeWindow(Duration.ofDays(1), Duration.ofMinutes(5)));
        assertThat(strict.check(PRODUCT, result(r -> r.setObservedAt(NOW.minus(Duration.ofDays(2)))), NOW))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("at most 1 day before and PT5M after"));
        assertThat(strict.check(PRODUCT, result(r -> r.setObservedAt(NOW.plus(Duration.ofMinutes(4)))), NOW))
                .isEmpty();
    }

    @Test
    void aStatusEnteredLongAgoIsFineButNotOneAhead() {
        assertThat(rules.check(
                        PRODUCT,
                        status(s -> {
                            s.setSince(EPOCH);
                            s.setDataUpdatedAt(EPOCH);
                        }),
                        NOW))
                .isEmpty();
        assertThat(rules.check(PRODUCT, status(s -> s.setDataUpdatedAt(YEAR_9999)), NOW))
                .extracting(Violation::rule)
                .containsExactly("freshness-status.data-updated-at-not-in-future");
    }

    @Test
    void productKnownHasAStableIdAndNamesTheProduct() {
        assertThat(EventRules.productKnown("sales/ghost"))
                .satisfies(v -> assertThat(v.rule()).isEqualTo("product-known"))
                .satisfies(v -> assertThat(v.message()).contains("sales/ghost", "expected"));
    }

    private static void column(QualityResultReported r, long nulls, Long distinct) {
        r.setColumns(List.of(new ColumnMetrics("customer_id", nulls, distinct, null, null)));
    }

    private static <T> T edit(T event, Consumer<T> change) {
        change.accept(event);
        return event;
    }

    static PublicationRequested request(Consumer<PublicationRequested> change) {
        return edit(
                PublicationRequested.newBuilder()
                        .setRequestId("req-1")
                        .setProductId(PRODUCT)
                        .setRequestedAt(NOW)
                        .setDescriptor(new DataProductDescriptor()) // no rule looks inside it
                        .build(),
                change);
    }

    static PolicyDecided decision(Consumer<PolicyDecided> change) {
        return edit(
                PolicyDecided.newBuilder()
                        .setRequestId("req-1")
                        .setProductId(PRODUCT)
                        .setOutcome(DecisionOutcome.ACCEPTED)
                        .setRequestedAt(NOW.minusSeconds(2))
                        .setDecidedAt(NOW)
                        .build(),
                change);
    }

    static DataProductPublished published(Consumer<DataProductPublished> change) {
        return edit(
                DataProductPublished.newBuilder()
                        .setProductId(PRODUCT)
                        .setRequestId("req-1")
                        .setVersion("1.0.0")
                        .setDescriptor(request(r -> {}).getDescriptor())
                        .setOutputTopic("sales.orders.v1")
                        .setPublishedAt(NOW)
                        .build(),
                change);
    }

    static QualityResultReported result(Consumer<QualityResultReported> change) {
        return edit(
                QualityResultReported.newBuilder()
                        .setProductId(PRODUCT)
                        .setRunId("run-1")
                        .setObservedAt(NOW.minus(Duration.ofMinutes(5)))
                        .setRowCount(10)
                        .setColumns(List.of(new ColumnMetrics("customer_id", 2L, 8L, null, null)))
                        .build(),
                change);
    }

    static CheckEvaluated check(Consumer<CheckEvaluated> change) {
        return edit(
                CheckEvaluated.newBuilder()
                        .setProductId(PRODUCT)
                        .setRunId("run-1")
                        .setCheckId("null_rate:customer_id")
                        .setCheckType("null_rate")
                        .setStatus(CheckStatus.PASS)
                        .setObserved(0.2)
                        .setObservedAt(NOW.minus(Duration.ofMinutes(5)))
                        .setEvaluatedAt(NOW)
                        .build(),
                change);
    }

    static AlertStateChanged alert(Consumer<AlertStateChanged> change) {
        return edit(
                AlertStateChanged.newBuilder()
                        .setAlertId(PRODUCT + "#freshness")
                        .setProductId(PRODUCT)
                        .setKind(AlertKind.FRESHNESS)
                        .setState(AlertState.FIRING)
                        .setSummary("late")
                        .setChangedAt(NOW)
                        .setDetails(Map.of())
                        .build(),
                change);
    }

    static FreshnessSignalled signal(Consumer<FreshnessSignalled> change) {
        return edit(
                FreshnessSignalled.newBuilder()
                        .setProductId(PRODUCT)
                        .setDataUpdatedAt(NOW.minus(Duration.ofMinutes(1)))
                        .setRunId("run-1")
                        .setEmittedAt(NOW)
                        .build(),
                change);
    }

    static FreshnessStatusChanged status(Consumer<FreshnessStatusChanged> change) {
        return edit(
                FreshnessStatusChanged.newBuilder()
                        .setProductId(PRODUCT)
                        .setStatus(FreshnessState.FRESH)
                        .setSince(NOW.minus(Duration.ofDays(3)))
                        .setDataUpdatedAt(NOW.minus(Duration.ofMinutes(1)))
                        .setTargetMillis(900_000)
                        .setAlertAfterMillis(1_800_000)
                        .setCompliance30d(0.99)
                        .build(),
                change);
    }

    static ConsumerFeedbackGiven feedback(Consumer<ConsumerFeedbackGiven> change) {
        return edit(
                ConsumerFeedbackGiven.newBuilder()
                        .setFeedbackId("f-1")
                        .setProductId(PRODUCT)
                        .setScore(9)
                        .setPerson("jane.doe")
                        .setGivenAt(NOW)
                        .build(),
                change);
    }
}
