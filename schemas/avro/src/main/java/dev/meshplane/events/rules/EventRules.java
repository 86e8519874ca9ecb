package dev.meshplane.events.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;

import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.QualityResultReported;

/**
 * The value rules of every event, in one place beside the schemas: what the Avro types cannot say (a count is not
 * negative, a null count fits in the rows, a score is 0-10, an id is not empty, an event time is plausible). Every
 * consumer checks an event here before it changes state, and dead-letters an event that breaks a rule with the rule id
 * and message instead of applying it.
 *
 * <p>Rule ids are {@code <event>.<rule>} and stable: {@code quality-result.null-count-within-rows}. Every event keyed
 * by product id must carry it as its record key ({@code <event>.key-present}, {@code <event>.key-matches-product-id}).
 *
 * <p>Event times are checked against when the record was written (its Kafka timestamp), or now when that is unknown
 * or later than now ({@link EventTimeWindow}). A replay of a topic kept for ever then accepts what was accepted when
 * it was live, and a consumer's state does not depend on when it is rebuilt.
 */
public final class EventRules {

    /** A consumer that tracks products (the catalog) refuses events naming a product that was never published. */
    public static final String PRODUCT_KNOWN = "product-known";

    private final Clock clock;
    private final EventTimeWindow window;

    public EventRules(Clock clock, EventTimeWindow window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
    }

    /** The violation of {@link #PRODUCT_KNOWN}. */
    public static Violation productKnown(String productId) {
        return new Violation(
                PRODUCT_KNOWN,
                "product '" + productId + "' was never published (no DataProductPublished on mesh.products); expected"
                        + " events only for published products");
    }

    /**
     * Every rule {@code event} breaks, in a fixed order; empty when it may be applied. Types without rules pass.
     *
     * @param key the record key
     * @param writtenAt the record's timestamp, or null (or negative, as Kafka says it) when unknown
     */
    public List<Violation> check(String key, SpecificRecord event, Instant writtenAt) {
        if (event instanceof PublicationRequested e) {
            return check(key, e, writtenAt);
        } else if (event instanceof PolicyDecided e) {
            return check(key, e, writtenAt);
        } else if (event instanceof DataProductPublished e) {
            return check(key, e, writtenAt);
        } else if (event instanceof QualityResultReported e) {
            return check(key, e, writtenAt);
        } else if (event instanceof CheckEvaluated e) {
            return check(key, e, writtenAt);
        } else if (event instanceof AlertStateChanged e) {
            return check(key, e, writtenAt);
        } else if (event instanceof FreshnessSignalled e) {
            return check(key, e, writtenAt);
        } else if (event instanceof FreshnessStatusChanged e) {
            return check(key, e, writtenAt);
        } else if (event instanceof ConsumerFeedbackGiven e) {
            return check(key, e, writtenAt);
        } else if (event instanceof IncidentChanged e) {
            return check(key, e, writtenAt);
        } else if (event instanceof AlertDeliveryEnded e) {
            return check(key, e, writtenAt);
        }
        return List.of();
    }

    public List<Violation> check(String key, PublicationRequested e, Instant writtenAt) {
        RuleCheck c = start("publication-request", writtenAt);
        c.present("request-id-present", "requestId", e.getRequestId());
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("requested-at-in-window", "requestedAt", e.getRequestedAt());
        return c.violations();
    }

    public List<Violation> check(String key, PolicyDecided e, Instant writtenAt) {
        RuleCheck c = start("decision", writtenAt);
        c.present("request-id-present", "requestId", e.getRequestId());
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("requested-at-in-window", "requestedAt", e.getRequestedAt());
        c.inWindow("decided-at-in-window", "decidedAt", e.getDecidedAt());
        if (e.getEvaluationMicros() < 0 || e.getTotalMillis() < 0) {
            c.fail(
                    "durations-not-negative",
                    "evaluationMicros " + e.getEvaluationMicros() + " / totalMillis " + e.getTotalMillis()
                            + "; expected 0 or more");
        }
        return c.violations();
    }

    public List<Violation> check(String key, DataProductPublished e, Instant writtenAt) {
        RuleCheck c = start("product-published", writtenAt);
        c.present("product-id-present", "productId", e.getProductId());
        c.present("request-id-present", "requestId", e.getRequestId());
        c.present("version-present", "version", e.getVersion());
        c.present("output-topic-present", "outputTopic", e.getOutputTopic());
        c.keyedBy(key, e.getProductId());
        c.inWindow("published-at-in-window", "publishedAt", e.getPublishedAt());
        return c.violations();
    }

    public List<Violation> check(String key, QualityResultReported e, Instant writtenAt) {
        RuleCheck c = start("quality-result", writtenAt);
        c.present("product-id-present", "productId", e.getProductId());
        c.present("run-id-present", "runId", e.getRunId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("observed-at-in-window", "observedAt", e.getObservedAt());
        long rows = e.getRowCount();
        if (rows < 0) {
            c.fail("row-count-not-negative", "rowCount is " + rows + "; expected 0 or more rows");
        }
        for (ColumnMetrics m : e.getColumns()) {
            String column = RuleCheck.blank(m.getName()) ? "(unnamed)" : m.getName();
            c.present("column-name-present", "column name", m.getName());
            if (m.getNullCount() < 0) {
                c.fail(
                        "null-count-not-negative",
                        "column " + column + ": nullCount is " + m.getNullCount() + "; expected 0 or more");
            } else if (rows >= 0 && m.getNullCount() > rows) {
                c.fail(
                        "null-count-within-rows",
                        "column " + column + ": nullCount " + m.getNullCount() + " is more than rowCount " + rows
                                + "; expected at most the row count");
            }
            Long distinct = m.getDistinctCount();
            if (distinct != null && distinct < 0) {
                c.fail(
                        "distinct-count-not-negative",
                        "column " + column + ": distinctCount is " + distinct + "; expected 0 or more");
            } else if (distinct != null && rows >= 0 && distinct > rows) {
                c.fail(
                        "distinct-count-within-rows",
                        "column " + column + ": distinctCount " + distinct + " is more than rowCount " + rows
                                + "; expected at most the row count");
            }
        }
        return c.violations();
    }

    public List<Violation> check(String key, CheckEvaluated e, Instant writtenAt) {
        RuleCheck c = start("check", writtenAt);
        c.present("product-id-present", "productId", e.getProductId());
        c.present("run-id-present", "runId", e.getRunId());
        c.present("check-id-present", "checkId", e.getCheckId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("observed-at-in-window", "observedAt", e.getObservedAt());
        c.inWindow("evaluated-at-in-window", "evaluatedAt", e.getEvaluatedAt());
        for (Double v : new Double[] {e.getObserved(), e.getExpected(), e.getThreshold()}) {
            if (v != null && !Double.isFinite(v)) {
                c.fail(
                        "values-finite",
                        "observed/expected/threshold contain " + v + "; expected finite numbers or none");
                break;
            }
        }
        return c.violations();
    }

    public List<Violation> check(String key, AlertStateChanged e, Instant writtenAt) {
        RuleCheck c = start("alert", writtenAt);
        c.present("alert-id-present", "alertId", e.getAlertId());
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("changed-at-in-window", "changedAt", e.getChangedAt());
        return c.violations();
    }

    public List<Violation> check(String key, IncidentChanged e, Instant writtenAt) {
        RuleCheck c = start("incident", writtenAt);
        c.present("alert-id-present", "alertId", e.getAlertId());
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("at-in-window", "at", e.getAt());
        return c.violations();
    }

    public List<Violation> check(String key, AlertDeliveryEnded e, Instant writtenAt) {
        RuleCheck c = start("alert-delivery", writtenAt);
        c.present("alert-id-present", "alertId", e.getAlertId());
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        c.inWindow("ended-at-in-window", "endedAt", e.getEndedAt());
        return c.violations();
    }

    public List<Violation> check(String key, FreshnessSignalled e, Instant writtenAt) {
        RuleCheck c = start("freshness-signal", writtenAt);
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        if (e.getRunId() != null) {
            c.present("run-id-not-blank", "runId", e.getRunId());
        }
        c.inWindow("data-updated-at-in-window", "dataUpdatedAt", e.getDataUpdatedAt());
        c.inWindow("emitted-at-in-window", "emittedAt", e.getEmittedAt());
        return c.violations();
    }

    /**
     * A status may have been entered long ago and its data may be long stale (a product whose pipeline stopped a year
     * ago is BREACHED since then), so its times are only checked not to lie ahead.
     */
    public List<Violation> check(String key, FreshnessStatusChanged e, Instant writtenAt) {
        RuleCheck c = start("freshness-status", writtenAt);
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        c.notInFuture("since-not-in-future", "since", e.getSince());
        if (e.getDataUpdatedAt() != null) {
            c.notInFuture("data-updated-at-not-in-future", "dataUpdatedAt", e.getDataUpdatedAt());
        }
        if (e.getTargetMillis() <= 0 || e.getAlertAfterMillis() < e.getTargetMillis()) {
            c.fail(
                    "sla-positive",
                    "targetMillis " + e.getTargetMillis() + ", alertAfterMillis " + e.getAlertAfterMillis()
                            + "; expected a target above 0 and an alert threshold not below it");
        }
        Double compliance = e.getCompliance30d();
        if (compliance != null && !(compliance >= 0.0 && compliance <= 1.0)) {
            c.fail("compliance-within-0-1", "compliance30d is " + compliance + "; expected a share between 0 and 1");
        }
        return c.violations();
    }

    public List<Violation> check(String key, ConsumerFeedbackGiven e, Instant writtenAt) {
        RuleCheck c = start("feedback", writtenAt);
        c.present("feedback-id-present", "feedbackId", e.getFeedbackId());
        c.present("product-id-present", "productId", e.getProductId());
        c.keyedBy(key, e.getProductId());
        if (e.getPerson() != null) {
            c.present("person-not-blank", "person", e.getPerson()); // it decides whose earlier answer is replaced
        }
        if (e.getScore() < 0 || e.getScore() > 10) {
            c.fail("score-in-range", "score is " + e.getScore() + "; expected a whole number from 0 to 10");
        }
        c.inWindow("given-at-in-window", "givenAt", e.getGivenAt());
        return c.violations();
    }

    private RuleCheck start(String event, Instant writtenAt) {
        Instant now = clock.instant();
        boolean unknown = writtenAt == null || writtenAt.toEpochMilli() < 0; // Kafka's "no timestamp" is -1
        Instant reference = unknown || writtenAt.isAfter(now) ? now : writtenAt;
        return new RuleCheck(event, reference, window);
    }
}
