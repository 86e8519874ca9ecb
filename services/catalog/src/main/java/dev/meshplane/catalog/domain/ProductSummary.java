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
        List<String> grantedTeams) {

    /** The summary of a view, without grants (they are kept beside the views: {@link AccessIndex}). */
    public static ProductSummary of(ProductView v) {
        return of(v, List.of());
    }

    /** @param grantedTeams the teams with a grant on the product */
    public static ProductSummary of(ProductView v, List<String> grantedTeams) {
        var d = v.descriptor;
        return new ProductSummary(
                v.productId,
                v.domain,
                v.name,
                v.status,
                v.version,
                d == null ? null : d.metadata().owner(),
                d == null ? null : d.metadata().oncall(),
                d == null ? null : d.metadata().description(),
                d == null ? List.of() : List.copyOf(d.metadata().tags()),
                v.outputTopic,
                v.freshness == null ? null : v.freshness.status(),
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
                List.copyOf(grantedTeams));
    }

    public ProductSummary withGrantedTeams(List<String> teams) {
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
                List.copyOf(teams));
    }

    public boolean published() {
        return "PUBLISHED".equals(status);
    }
}
