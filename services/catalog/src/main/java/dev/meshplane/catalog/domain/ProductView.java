package dev.meshplane.catalog.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.meshplane.descriptor.DataProduct;

/**
 * Everything the catalog knows about one product, folded from every event stream that names it. Mutable on purpose:
 * it lives only inside the catalog's state store processor, which applies one event at a time; readers get a
 * deserialized copy from the store (RocksDB, as JSON). Replaying the topics in order rebuilds the same view.
 */
public class ProductView {

    /** Keep this many decisions and accepted-request latencies per product. */
    static final int RECENT = 20;

    /** Keep this many results per check, and this many days of 30-day compliance: what the product page charts. */
    public static final int HISTORY = 30;

    public String productId;
    public String domain;
    public String name;
    /** PUBLISHED once a version is accepted; REJECTED while only rejections exist. */
    public String status;

    public DataProduct descriptor;
    public String version;
    public String outputTopic;
    public Long schemaGlobalId;
    public Long publishedAt;
    public List<VersionEntry> versions = new ArrayList<>();
    public List<DecisionEntry> decisions = new ArrayList<>();
    public int rejections;
    /** Rejections that came before this product's first acceptance: the publish-fix-publish cycles. */
    public int rejectionsBeforeFirstAcceptance;

    public Long firstRequestedAt;
    public Long firstAcceptedAt;
    public List<Long> acceptanceMillis = new ArrayList<>();
    public Map<String, CheckEntry> checks = new LinkedHashMap<>();
    /** Per check, its latest {@link #HISTORY} results, oldest first (views stored before it have none). */
    public Map<String, List<CheckPoint>> checkHistory = new LinkedHashMap<>();
    /**
     * Per UTC day ({@code 2026-12-01}), the 30-day compliance in the last freshness status reported that day; the
     * latest {@link #HISTORY} days.
     */
    public Map<String, Double> complianceByDay = new TreeMap<>();

    public Map<String, AlertEntry> openAlerts = new LinkedHashMap<>();
    public FreshnessEntry freshness;
    public Feedback feedback = new Feedback();

    /**
     * Per alert id, its incident as it stands ({@code mesh.incidents}): who acknowledged it and when, snoozes, who
     * resolved it and why; the last {@value #HISTORY} alerts' incidents. Null in views stored before incidents.
     */
    public Map<String, IncidentEntry> incidents = new LinkedHashMap<>();

    /** The last {@value #HISTORY} alert deliveries that ended dead, with their reasons; null in older views. */
    public List<DeadDelivery> deadDeliveries = new ArrayList<>();

    /**
     * Per input {@code topic-partition}, the offset of the last record applied to this view. The view and these
     * offsets are written together, so a record read again after a crash (at or below its partition's offset here)
     * is recognized and skipped. Not part of the API.
     */
    public Map<String, Long> applied = new TreeMap<>();

    /**
     * One accepted version. {@code fields}: its schema's fields as {@code name type} ({@code ?} after a nullable type,
     * {@code pii} after a personal one), to say what changed between versions; null in views stored before it.
     */
    public record VersionEntry(
            String version,
            String outputTopic,
            Long schemaGlobalId,
            long acceptedAt,
            String requestId,
            List<String> fields) {}

    public record DecisionEntry(
            String requestId,
            String version,
            String outcome,
            List<Finding> violations,
            long requestedAt,
            long decidedAt,
            /* who asked, as governance verified it (null when identity checks were off) */
            String publisher) {}

    public record Finding(String policyId, String severity, String path, String message) {}

    public record CheckEntry(
            String checkId,
            String status,
            Double observed,
            Double expected,
            Double threshold,
            String reason,
            String runId,
            long observedAt) {}

    /** One result of a check, as charted: the observed value against the expected one and the threshold. */
    public record CheckPoint(
            long observedAt, String status, Double observed, Double expected, Double threshold, String runId) {}

    public record AlertEntry(String alertId, String kind, String summary, String checkId, long since) {}

    /** An incident; times in ms, null where nothing happened yet. */
    public record IncidentEntry(
            String alertId,
            String state,
            String summary,
            long firedAt,
            String acknowledgedBy,
            Long acknowledgedAt,
            Long snoozedUntil,
            String resolvedBy,
            Long resolvedAt,
            String reason,
            int notifications) {}

    /** A delivery of an alert change that ended undelivered: where, after how many attempts, why. */
    public record DeadDelivery(
            String alertId, String state, String destination, String type, int attempts, String reason, long endedAt) {}

    public record FreshnessEntry(
            String status,
            long since,
            Long dataUpdatedAt,
            long targetMillis,
            long alertAfterMillis,
            Double compliance30d) {}

    /**
     * NPS counts: promoters score 9-10, passives 7-8, detractors 0-6. A person's answers for the product count once
     * per calendar quarter of {@code givenAt} (UTC), with their latest score in it; feedback that names no person
     * (written before feedback carried one) counts once per feedback id. The totals add up every quarter.
     */
    public static class Feedback {
        public int promoters;
        public int passives;
        public int detractors;
        /** Every feedback id applied: a redelivered one changes nothing. */
        public List<String> seenIds = new ArrayList<>();
        /** Per quarter ({@code 2026-Q4}): the answers that count in it. */
        public Map<String, Quarter> quarters = new TreeMap<>();

        public int count() {
            return promoters + passives + detractors;
        }

        /** Net promoter score, -100..100; null without feedback. */
        public Double nps() {
            return Quarter.nps(promoters, passives, detractors);
        }
    }

    /** The answers counted in one calendar quarter, and each person's latest one there. */
    public static class Quarter {
        public int promoters;
        public int passives;
        public int detractors;
        /** person -> their latest answer in the quarter, the one that counts. */
        public Map<String, Answer> people = new TreeMap<>();

        public int count() {
            return promoters + passives + detractors;
        }

        public Double nps() {
            return nps(promoters, passives, detractors);
        }

        static Double nps(int promoters, int passives, int detractors) {
            int n = promoters + passives + detractors;
            return n == 0 ? null : 100.0 * (promoters - detractors) / n;
        }
    }

    /** One person's answer: which feedback, its score and when it was given (epoch ms). */
    public record Answer(String feedbackId, int score, long givenAt) {}

    public boolean published() {
        return "PUBLISHED".equals(status);
    }

    /** The teams and products that declared this product as an input are kept by the lineage index, not here. */
    public List<String> inputs() {
        return descriptor == null ? List.of() : descriptor.spec().inputs();
    }
}
