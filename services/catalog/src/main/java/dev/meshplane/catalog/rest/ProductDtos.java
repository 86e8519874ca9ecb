package dev.meshplane.catalog.rest;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.descriptor.DataProduct;

/** What the HTTP API returns about products; mapped from the stored views at the edge. */
final class ProductDtos {

    private ProductDtos() {}

    record Summary(
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
            int openAlerts) {}

    record Sla(String freshnessTarget, String alertAfter) {}

    record Quality(List<DataProduct.QualityCheck> declared, Collection<ProductView.CheckEntry> latest) {}

    record FeedbackSummary(int responses, Double nps) {}

    record Detail(
            Summary summary,
            DataProduct descriptor,
            Sla sla,
            Long schemaGlobalId,
            Long publishedAt,
            Quality quality,
            Collection<ProductView.AlertEntry> openAlerts,
            ProductView.FreshnessEntry freshness,
            List<String> upstream,
            Set<String> downstream,
            FeedbackSummary feedback,
            int versions,
            int decisions) {}

    static Summary summary(ProductView v) {
        DataProduct d = v.descriptor;
        return new Summary(
                v.productId,
                v.domain,
                v.name,
                v.status,
                v.version,
                d == null ? null : d.metadata().owner(),
                d == null ? null : d.metadata().oncall(),
                d == null ? null : d.metadata().description(),
                d == null ? List.of() : d.metadata().tags(),
                v.outputTopic,
                v.freshness == null ? null : v.freshness.status(),
                v.openAlerts.size());
    }

    static Detail detail(ProductView v, List<String> upstream, Set<String> downstream) {
        DataProduct d = v.descriptor;
        return new Detail(
                summary(v),
                d,
                d == null || d.spec().freshness() == null
                        ? null
                        : new Sla(
                                d.spec().freshness().target(),
                                d.spec().freshness().alertAfter()),
                v.schemaGlobalId,
                v.publishedAt,
                new Quality(d == null ? List.of() : d.spec().checks(), v.checks.values()),
                v.openAlerts.values(),
                v.freshness,
                upstream,
                downstream,
                new FeedbackSummary(v.feedback.count(), v.feedback.nps()),
                v.versions.size(),
                v.decisions.size());
    }
}
