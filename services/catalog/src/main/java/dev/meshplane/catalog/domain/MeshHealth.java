package dev.meshplane.catalog.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

import dev.meshplane.descriptor.ProductId;

/**
 * The signals of a working mesh, computed from the product views: ownership adoption, publication velocity, SLA
 * compliance, cross-domain consumption, consumer satisfaction, and the products nobody read lately.
 */
public final class MeshHealth {

    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    /** A product is unread when no consumer group was seen reading it for this long. */
    public static final long UNREAD_DAYS = 30;

    /** How many unread products the signal lists (the count covers all of them). */
    public static final int UNREAD_LISTED = 50;

    /** Never read first, then by oldest read, then by id. */
    private static final Comparator<UnreadProduct> UNREAD_ORDER = Comparator.comparing(
                    UnreadProduct::lastReadAt, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
            .thenComparing(UnreadProduct::productId);

    private MeshHealth() {}

    public record Signals(
            String scope,
            Ownership ownership,
            Velocity velocity,
            Sla sla,
            CrossDomain crossDomain,
            Satisfaction satisfaction,
            Unread unread,
            Incidents incidents) {}

    /**
     * The incidents that started in the last {@code days}: how many, how many still open, and the median time from
     * firing to the first acknowledgement and to resolution (ms; null when none was acknowledged or resolved).
     */
    public record Incidents(
            int days,
            int started,
            int open,
            int acknowledged,
            Long ttaMedianMillis,
            int resolved,
            Long ttrMedianMillis) {}

    /** Share of published products with a named owner and on-call. */
    public record Ownership(int products, int withOwnerAndOncall, Double share) {}

    /** Request → accepted, and how many products needed a publish-fix-publish cycle. */
    public record Velocity(
            int acceptedRequests,
            Long p50Millis,
            Long p95Millis,
            int rejectedRequests,
            int productsRejectedThenAccepted,
            int rejectionsBeforeAcceptance) {}

    /** From freshness status: products FRESH now, and their mean 30-day compliance. */
    public record Sla(int productsTracked, int fresh, int late, int breached, Double meanCompliance30d) {}

    /**
     * Inputs read across domains, and per month of the consuming product's first acceptance; the grants (declared or
     * approved) of teams other than the product's own domain's team; and the teams whose consumer groups the broker
     * holds offsets for on a product's topics ({@code observedReaders}, one per product and team), from other domains
     * ({@code crossDomainObservedReaders}). Grants and observed readers are consumption across domains that no product
     * declares as an input (a team's notebooks, reports, models).
     */
    public record CrossDomain(
            int inputs,
            int crossDomainInputs,
            Double share,
            Map<String, Integer> crossDomainByMonth,
            int grants,
            int crossDomainGrants,
            int observedReaders,
            int crossDomainObservedReaders) {}

    /**
     * Published products no consumer group was seen reading in the last {@code days} days: how many, and the first
     * {@value #UNREAD_LISTED} of them, never-read ones first, then by oldest last read.
     */
    public record Unread(int days, int products, List<UnreadProduct> oldest) {}

    /** {@code lastReadAt} null: never seen reading since governance's sweeps began. Times in epoch ms. */
    public record UnreadProduct(String productId, String owner, Long lastReadAt, Long publishedAt) {}

    /** Net promoter score from consumers' 0-10 feedback. */
    public record Satisfaction(int responses, int promoters, int passives, int detractors, Double nps) {}

    public static Signals of(String scope, Collection<ProductSummary> views) {
        return of(scope, views, System.currentTimeMillis());
    }

    /** @param now epoch ms: what "the last 30 days" ends at */
    public static Signals of(String scope, Collection<ProductSummary> views, long now) {
        List<ProductSummary> published =
                views.stream().filter(ProductSummary::published).toList();
        int owned = (int) published.stream()
                .filter(v -> notBlank(v.owner()) && notBlank(v.oncall()))
                .count();

        List<Long> latencies = new ArrayList<>();
        int rejected = 0;
        int cycles = 0;
        int rejectionsBefore = 0;
        for (ProductSummary v : views) {
            latencies.addAll(v.acceptanceMillis());
            rejected += v.rejections();
            if (v.firstAcceptedAt() != null && v.rejectionsBeforeFirstAcceptance() > 0) {
                cycles++;
                rejectionsBefore += v.rejectionsBeforeFirstAcceptance();
            }
        }
        latencies.sort(Long::compare);

        int tracked = 0;
        int fresh = 0;
        int late = 0;
        int breached = 0;
        double complianceSum = 0;
        int complianceCount = 0;
        for (ProductSummary v : published) {
            if (v.freshness() == null) {
                continue;
            }
            tracked++;
            switch (v.freshness()) {
                case "FRESH" -> fresh++;
                case "LATE" -> late++;
                case "BREACHED" -> breached++;
                default -> {}
            }
            if (v.compliance30d() != null) {
                complianceSum += v.compliance30d();
                complianceCount++;
            }
        }

        int inputs = 0;
        int cross = 0;
        Map<String, Integer> byMonth = new TreeMap<>();
        for (ProductSummary v : published) {
            for (String input : v.inputs()) {
                inputs++;
                if (!domainOf(input).equals(v.domain())) {
                    cross++;
                    long at = v.firstAcceptedAt() != null ? v.firstAcceptedAt() : v.publishedAt();
                    byMonth.merge(MONTH.format(Instant.ofEpochMilli(at)), 1, Integer::sum);
                }
            }
        }

        int grants = 0;
        int crossGrants = 0;
        int observed = 0;
        int crossObserved = 0;
        long unreadBefore = now - UNREAD_DAYS * 24 * 3600 * 1000;
        int unreadCount = 0;
        PriorityQueue<UnreadProduct> oldest = new PriorityQueue<>(UNREAD_ORDER.reversed()); // the first 50, kept
        for (ProductSummary v : published) {
            for (String team : v.readers().granted()) {
                grants++;
                if (!team.equals(v.domain())) {
                    crossGrants++;
                }
            }
            for (String team : v.readers().observed()) {
                observed++;
                if (!team.equals(v.domain())) {
                    crossObserved++;
                }
            }
            Long lastRead = v.readers().lastReadAt();
            if (lastRead == null || lastRead < unreadBefore) {
                unreadCount++;
                oldest.add(new UnreadProduct(v.productId(), v.owner(), lastRead, v.publishedAt()));
                if (oldest.size() > UNREAD_LISTED) {
                    oldest.poll(); // the most recently read of those kept
                }
            }
        }
        List<UnreadProduct> unread = new ArrayList<>(oldest);
        unread.sort(UNREAD_ORDER);

        int promoters = 0;
        int passives = 0;
        int detractors = 0;
        for (ProductSummary v : views) {
            promoters += v.promoters();
            passives += v.passives();
            detractors += v.detractors();
        }
        int responses = promoters + passives + detractors;

        return new Signals(
                scope,
                new Ownership(published.size(), owned, ratio(owned, published.size())),
                new Velocity(
                        latencies.size(),
                        percentile(latencies, 0.50),
                        percentile(latencies, 0.95),
                        rejected,
                        cycles,
                        rejectionsBefore),
                new Sla(tracked, fresh, late, breached, complianceCount == 0 ? null : complianceSum / complianceCount),
                new CrossDomain(
                        inputs, cross, ratio(cross, inputs), byMonth, grants, crossGrants, observed, crossObserved),
                new Satisfaction(
                        responses,
                        promoters,
                        passives,
                        detractors,
                        responses == 0 ? null : 100.0 * (promoters - detractors) / responses),
                new Unread((int) UNREAD_DAYS, unreadCount, List.copyOf(unread)),
                incidents(views, now));
    }

    /** Incidents fired in the last {@value #UNREAD_DAYS} days, of every product in {@code views}. */
    static Incidents incidents(Collection<ProductSummary> views, long now) {
        long since = now - UNREAD_DAYS * 86_400_000L;
        int started = 0;
        int open = 0;
        List<Long> tta = new ArrayList<>();
        List<Long> ttr = new ArrayList<>();
        for (ProductSummary v : views) {
            if (v.incidents() == null) {
                continue;
            }
            for (ProductSummary.IncidentTimes i : v.incidents()) {
                if (i.firedAt() < since) {
                    continue;
                }
                started++;
                if (i.resolvedAt() == null) {
                    open++;
                } else {
                    ttr.add(Math.max(0, i.resolvedAt() - i.firedAt()));
                }
                if (i.acknowledgedAt() != null) {
                    tta.add(Math.max(0, i.acknowledgedAt() - i.firedAt()));
                }
            }
        }
        tta.sort(Long::compare);
        ttr.sort(Long::compare);
        return new Incidents(
                (int) UNREAD_DAYS, started, open, tta.size(), percentile(tta, 0.50), ttr.size(), percentile(ttr, 0.50));
    }

    /** Nearest-rank percentile; null for no samples. */
    static Long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static Double ratio(int a, int b) {
        return b == 0 ? null : (double) a / b;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String domainOf(String productId) {
        try {
            return ProductId.parse(productId).domain();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
