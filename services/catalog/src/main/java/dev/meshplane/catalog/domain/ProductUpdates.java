package dev.meshplane.catalog.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.ProductId;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.PolicyDecided;

/**
 * How each event changes a product's view. Every update is idempotent (a redelivered event changes nothing), so
 * replaying a topic after a crash gives the same catalog.
 */
public final class ProductUpdates {

    private ProductUpdates() {}

    public static ProductView empty(String productId) {
        ProductView v = new ProductView();
        v.productId = productId;
        try {
            ProductId id = ProductId.parse(productId);
            v.domain = id.domain();
            v.name = id.name();
        } catch (IllegalArgumentException e) {
            v.domain = "";
            v.name = productId;
        }
        return v;
    }

    public static void published(ProductView v, DataProductPublished e) {
        boolean known = v.versions.stream().anyMatch(x -> x.requestId().equals(e.getRequestId()));
        long at = e.getPublishedAt().toEpochMilli();
        if (!known) {
            DataProduct published = DescriptorEvents.fromEvent(e.getDescriptor());
            v.versions.add(new ProductView.VersionEntry(
                    e.getVersion(),
                    e.getOutputTopic(),
                    e.getSchemaGlobalId(),
                    at,
                    e.getRequestId(),
                    published.spec().fields().stream()
                            .map(ProductUpdates::field)
                            .toList()));
            v.versions.sort(Comparator.comparingLong(ProductView.VersionEntry::acceptedAt));
        }
        if (v.publishedAt == null || at >= v.publishedAt) {
            v.descriptor = DescriptorEvents.fromEvent(e.getDescriptor());
            v.version = e.getVersion();
            v.outputTopic = e.getOutputTopic();
            v.schemaGlobalId = e.getSchemaGlobalId();
            v.publishedAt = at;
        }
        v.status = "PUBLISHED";
        if (v.firstAcceptedAt == null || at < v.firstAcceptedAt) {
            v.firstAcceptedAt = at;
        }
    }

    /** A schema field as a version lists it: {@code amount double?}, {@code email string pii}. */
    static String field(DataProduct.SchemaField f) {
        return f.name() + " " + f.type() + (f.nullable() ? "?" : "") + (Boolean.TRUE.equals(f.pii()) ? " pii" : "");
    }

    public static void decided(ProductView v, PolicyDecided e) {
        if (v.decisions.stream().anyMatch(d -> d.requestId().equals(e.getRequestId()))) {
            return;
        }
        boolean accepted = e.getOutcome() == DecisionOutcome.ACCEPTED;
        long requested = e.getRequestedAt().toEpochMilli();
        long decidedAt = e.getDecidedAt().toEpochMilli();
        v.decisions.add(new ProductView.DecisionEntry(
                e.getRequestId(),
                e.getVersion(),
                e.getOutcome().name(),
                e.getViolations().stream()
                        .map(x -> new ProductView.Finding(
                                x.getPolicyId(), x.getSeverity().name(), x.getPath(), x.getMessage()))
                        .toList(),
                requested,
                decidedAt,
                e.getPublisher()));
        trim(v.decisions);
        if (v.firstRequestedAt == null || requested < v.firstRequestedAt) {
            v.firstRequestedAt = requested;
        }
        if (accepted) {
            v.acceptanceMillis.add(Math.max(0, decidedAt - requested));
            trim(v.acceptanceMillis);
            if (v.firstAcceptedAt == null || decidedAt < v.firstAcceptedAt) {
                v.firstAcceptedAt = decidedAt;
            }
        } else {
            v.rejections++;
            if (v.firstAcceptedAt == null || decidedAt < v.firstAcceptedAt) {
                v.rejectionsBeforeFirstAcceptance++;
            }
            if (v.status == null) {
                v.status = "REJECTED";
            }
        }
    }

    public static void checked(ProductView v, CheckEvaluated e) {
        ProductView.CheckEntry previous = v.checks.get(e.getCheckId());
        long at = e.getObservedAt().toEpochMilli();
        if (previous == null || at >= previous.observedAt()) {
            v.checks.put(
                    e.getCheckId(),
                    new ProductView.CheckEntry(
                            e.getCheckId(),
                            e.getStatus().name(),
                            e.getObserved(),
                            e.getExpected(),
                            e.getThreshold(),
                            e.getReason(),
                            e.getRunId(),
                            at));
        }
        List<ProductView.CheckPoint> history = v.checkHistory.computeIfAbsent(e.getCheckId(), k -> new ArrayList<>());
        boolean seen = history.stream().anyMatch(p -> p.observedAt() == at && Objects.equals(p.runId(), e.getRunId()));
        if (!seen) {
            history.add(new ProductView.CheckPoint(
                    at, e.getStatus().name(), e.getObserved(), e.getExpected(), e.getThreshold(), e.getRunId()));
            history.sort(Comparator.comparingLong(ProductView.CheckPoint::observedAt));
            while (history.size() > ProductView.HISTORY) {
                history.remove(0);
            }
        }
    }

    public static void alerted(ProductView v, AlertStateChanged e) {
        if (e.getState() == AlertState.FIRING) {
            v.openAlerts.putIfAbsent(
                    e.getAlertId(),
                    new ProductView.AlertEntry(
                            e.getAlertId(),
                            e.getKind().name(),
                            e.getSummary(),
                            e.getCheckId(),
                            e.getChangedAt().toEpochMilli()));
        } else if (e.getState() == AlertState.RESOLVED) {
            v.openAlerts.remove(e.getAlertId());
        }
    }

    /** The incident's latest change replaces what the view had of it; the oldest incidents go past the history. */
    public static void incident(ProductView v, IncidentChanged e) {
        if (v.incidents == null) {
            v.incidents = new java.util.LinkedHashMap<>();
        }
        ProductView.IncidentEntry before = v.incidents.get(e.getAlertId());
        if (before != null && before.firedAt() > e.getFiredAt().toEpochMilli()) {
            return; // a change of an older incident of the alert, read late
        }
        v.incidents.remove(e.getAlertId()); // re-inserted last: the map is in order of the latest change
        v.incidents.put(
                e.getAlertId(),
                new ProductView.IncidentEntry(
                        e.getAlertId(),
                        e.getState().name(),
                        e.getSummary(),
                        e.getFiredAt().toEpochMilli(),
                        e.getAcknowledgedBy(),
                        e.getAcknowledgedAt() == null
                                ? null
                                : e.getAcknowledgedAt().toEpochMilli(),
                        e.getSnoozedUntil() == null ? null : e.getSnoozedUntil().toEpochMilli(),
                        e.getResolvedBy(),
                        e.getResolvedAt() == null ? null : e.getResolvedAt().toEpochMilli(),
                        e.getReason(),
                        e.getNotifications()));
        while (v.incidents.size() > ProductView.HISTORY) {
            v.incidents.remove(v.incidents.keySet().iterator().next());
        }
    }

    /** Only dead deliveries are kept: the delivered ones are the normal case, on the topic for whoever needs them. */
    public static void delivery(ProductView v, AlertDeliveryEnded e) {
        if (e.getDelivered()) {
            return;
        }
        if (v.deadDeliveries == null) {
            v.deadDeliveries = new ArrayList<>();
        }
        v.deadDeliveries.add(new ProductView.DeadDelivery(
                e.getAlertId(),
                e.getState(),
                e.getDestination(),
                e.getDestinationType(),
                e.getAttempts(),
                e.getReason(),
                e.getEndedAt().toEpochMilli()));
        while (v.deadDeliveries.size() > ProductView.HISTORY) {
            v.deadDeliveries.remove(0);
        }
    }

    public static void freshness(ProductView v, FreshnessStatusChanged e) {
        v.freshness = new ProductView.FreshnessEntry(
                e.getStatus().name(),
                e.getSince().toEpochMilli(),
                e.getDataUpdatedAt() == null ? null : e.getDataUpdatedAt().toEpochMilli(),
                e.getTargetMillis(),
                e.getAlertAfterMillis(),
                e.getCompliance30d());
        if (e.getCompliance30d() != null) {
            String day = e.getSince().atZone(ZoneOffset.UTC).toLocalDate().toString();
            v.complianceByDay.put(day, e.getCompliance30d());
            while (v.complianceByDay.size() > ProductView.HISTORY) {
                v.complianceByDay.remove(v.complianceByDay.keySet().iterator().next());
            }
        }
    }

    /**
     * Counts a consumer's answer into the product's NPS, overall and in the calendar quarter (UTC) of its
     * {@code givenAt}. An answer that names a person replaces that person's answer in the same quarter when it was
     * given at the same time or later (an older one read after it changes nothing), so each person counts once per
     * quarter with their latest score; an answer without a person (written before feedback carried one) counts once.
     */
    public static void feedback(ProductView v, ConsumerFeedbackGiven e) {
        ProductView.Feedback f = v.feedback;
        if (f.seenIds.contains(e.getFeedbackId())) {
            return;
        }
        f.seenIds.add(e.getFeedbackId());
        long givenAt = e.getGivenAt().toEpochMilli();
        ProductView.Quarter quarter =
                f.quarters.computeIfAbsent(quarterOf(e.getGivenAt()), k -> new ProductView.Quarter());
        if (e.getPerson() != null) {
            ProductView.Answer earlier = quarter.people.get(e.getPerson());
            if (earlier != null && earlier.givenAt() > givenAt) {
                return; // the person answered again later in the quarter: that answer counts
            }
            if (earlier != null) {
                count(f, quarter, earlier.score(), -1);
            }
            quarter.people.put(e.getPerson(), new ProductView.Answer(e.getFeedbackId(), e.getScore(), givenAt));
        }
        count(f, quarter, e.getScore(), 1);
    }

    /** The calendar quarter of {@code at} in UTC, as {@code 2026-Q4}. */
    public static String quarterOf(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return utc.getYear() + "-Q" + ((utc.getMonthValue() - 1) / 3 + 1);
    }

    private static void count(ProductView.Feedback f, ProductView.Quarter q, int score, int delta) {
        if (score >= 9) {
            f.promoters += delta;
            q.promoters += delta;
        } else if (score >= 7) {
            f.passives += delta;
            q.passives += delta;
        } else {
            f.detractors += delta;
            q.detractors += delta;
        }
    }

    private static void trim(java.util.List<?> list) {
        while (list.size() > ProductView.RECENT) {
            list.remove(0);
        }
    }
}
