package dev.meshplane.catalog.domain;

import java.util.List;

/**
 * The compact, always-in-memory side of a product view: what lists, filters, domains and the health signals need,
 * so none of them has to deserialize every full view from the store.
 */
public record ProductSummary(
        String productId,
        String domain,
        String name,
        String status,
        String version,
        String owner,
        String oncall,
        String description,
        List<String> tags,
        String outputTopic,
        String freshness,
        /* FAILING when a check's latest result failed, else PASSING when one passed, else null (no results yet) */
        String quality,
        Double compliance30d,
        int openAlerts,
        List<String> inputs,
        List<Long> acceptanceMillis,
        int rejections,
        int rejectionsBeforeFirstAcceptance,
        Long firstAcceptedAt,
        Long publishedAt,
        int promoters,
        int passives,
        int detractors,
        Readers readers,
        /* the product's incidents' times, for the time to acknowledge and to resolve (MeshHealth.Incidents) */
        List<IncidentTimes> incidents) {

    /** When an incident started, was first acknowledged and was resolved (epoch ms; null: not yet). */
    public record IncidentTimes(long firedAt, Long acknowledgedAt, Long resolvedAt) {}

    /**
     * Who reads the product besides what it declares, from the {@link AccessIndex}: the teams with a grant, the teams
     * whose consumer groups the broker holds offsets for on its topics, and the last time any group was seen reading
     * it (epoch ms; null: never seen reading).
     */
    public record Readers(List<String> granted, List<String> observed, Long lastReadAt) {

        public static final Readers NONE = new Readers(List.of(), List.of(), null);
    }

    /** The summary of a view, without readers (they are kept beside the views: {@link AccessIndex}). */
    public static ProductSummary of(ProductView v) {
        return of(v, Readers.NONE);
    }

    public static ProductSummary of(ProductView v, Readers readers) {
        var d = v.descriptor;
        return new ProductSummary(
                v.productId,
                shared(v.domain),
                v.name,
                shared(v.status),
                v.version,
                d == null ? null : shared(d.metadata().owner()),
                d == null ? null : shared(d.metadata().oncall()),
                d == null ? null : d.metadata().description(),
                d == null
                        ? List.of()
                        : d.metadata().tags().stream()
                                .map(ProductSummary::shared)
                                .toList(),
                v.outputTopic,
                v.freshness == null ? null : shared(v.freshness.status()),
                quality(v),
                v.freshness == null ? null : v.freshness.compliance30d(),
                v.openAlerts.size(),
                List.copyOf(v.inputs()),
                List.copyOf(v.acceptanceMillis),
                v.rejections,
                v.rejectionsBeforeFirstAcceptance,
                v.firstAcceptedAt,
                v.publishedAt,
                v.feedback.promoters,
                v.feedback.passives,
                v.feedback.detractors,
                readers,
                v.incidents == null || v.incidents.isEmpty()
                        ? List.of()
                        : v.incidents.values().stream()
                                .map(i -> new IncidentTimes(i.firedAt(), i.acknowledgedAt(), i.resolvedAt()))
                                .toList());
    }

    public static final String FAILING = "FAILING";
    public static final String PASSING = "PASSING";

    /** The product's quality state from the latest result of each check. */
    public static String quality(ProductView v) {
        String state = null;
        for (ProductView.CheckEntry c : v.checks.values()) {
            if ("FAIL".equals(c.status())) {
                return FAILING;
            }
            if ("PASS".equals(c.status())) {
                state = PASSING;
            }
        }
        return state;
    }

    /**
     * One copy of the values many products share (domains, teams, tags, states): a summary is kept for every product,
     * and at 100,000 products separate copies of the same few hundred strings add up.
     */
    private static String shared(String value) {
        return value == null ? null : value.intern();
    }

    public ProductSummary withReaders(Readers readers) {
        return new ProductSummary(
                productId,
                domain,
                name,
                status,
                version,
                owner,
                oncall,
                description,
                tags,
                outputTopic,
                freshness,
                quality,
                compliance30d,
                openAlerts,
                inputs,
                acceptanceMillis,
                rejections,
                rejectionsBeforeFirstAcceptance,
                firstAcceptedAt,
                publishedAt,
                promoters,
                passives,
                detractors,
                readers,
                incidents);
    }

    public boolean published() {
        return "PUBLISHED".equals(status);
    }
}
