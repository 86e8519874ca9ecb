package dev.meshplane.catalog.rest;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.meshplane.catalog.domain.AccessIndex;
import dev.meshplane.catalog.domain.ProductSummary;
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

    /**
     * Consumers' answers: in all, and per calendar quarter ({@code 2026-Q4}, UTC), where each person counts once with
     * their latest score.
     */
    record FeedbackSummary(int responses, Double nps, Map<String, QuarterSummary> quarters) {}

    record QuarterSummary(int responses, Double nps) {}

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
            Access access,
            int versions,
            int decisions) {}

    /**
     * Who may read the product and who does: the teams its current version declares, the grants in force (declared or
     * approved; an ended grant is left out even before its tombstone is read), the requests waiting for the owners,
     * and the consumer groups governance's sweeps saw on its topics ({@code observed}, those the broker no longer
     * holds offsets for included, with {@code present} false), with the last time any of them was seen reading.
     */
    record Access(
            List<String> declared,
            List<AccessIndex.Grant> granted,
            List<AccessIndex.Pending> pending,
            List<Observed> observed,
            Long lastReadAt) {}

    /**
     * A consumer group seen on the product's topics; {@code flagged}: its team (by the group's prefix) neither is
     * declared nor has a grant in force, or the group has no team prefix.
     */
    record Observed(@JsonUnwrapped AccessIndex.Reader reader, boolean flagged) {}

    static Access access(ProductView v, AccessIndex index, long now) {
        var spec = v.descriptor == null ? null : v.descriptor.spec().access();
        List<String> declared = spec == null ? List.of() : spec.allowTeams();
        List<AccessIndex.Grant> granted = index.grants(v.productId, now);
        Set<String> readers = new TreeSet<>(declared);
        granted.forEach(g -> readers.add(g.team()));
        List<Observed> observed = index.readers(v.productId, true).stream()
                .map(r -> new Observed(r, r.present() && (r.team() == null || !readers.contains(r.team()))))
                .toList();
        return new Access(
                declared,
                granted,
                index.pending(v.productId),
                observed,
                index.readers(v.productId).lastReadAt());
    }

    static FeedbackSummary feedback(ProductView.Feedback f) {
        Map<String, QuarterSummary> quarters = new TreeMap<>();
        f.quarters.forEach((quarter, q) -> {
            if (q.count() > 0) {
                quarters.put(quarter, new QuarterSummary(q.count(), q.nps()));
            }
        });
        return new FeedbackSummary(f.count(), f.nps(), quarters);
    }

    static Summary summary(ProductSummary s) {
        return new Summary(
                s.productId(),
                s.domain(),
                s.name(),
                s.status(),
                s.version(),
                s.owner(),
                s.oncall(),
                s.description(),
                s.tags(),
                s.outputTopic(),
                s.freshness(),
                s.openAlerts());
    }

    static Detail detail(ProductView v, List<String> upstream, Set<String> downstream, AccessIndex access) {
        DataProduct d = v.descriptor;
        return new Detail(
                summary(ProductSummary.of(v)),
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
                feedback(v.feedback),
                access(v, access, System.currentTimeMillis()),
                v.versions.size(),
                v.decisions.size());
    }
}
