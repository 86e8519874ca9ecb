package dev.meshplane.catalog.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quarkus.qute.RawString;

import dev.meshplane.catalog.domain.AccessIndex;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductSummary;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.descriptor.DataProduct;

/** Everything the product page shows, prepared as text, so the template only lays it out. */
public record ProductPage(
        String productId,
        String domain,
        String domainHref,
        String name,
        String status,
        String version,
        String description,
        String owner,
        String oncall,
        List<String> tags,
        String outputTopic,
        String publishedAt,
        List<Version> versions,
        Sla sla,
        List<Check> checks,
        String quality,
        List<Alert> alerts,
        List<Incident> incidents,
        List<DeadDelivery> deadDeliveries,
        RawString lineage,
        List<Link> upstream,
        List<Link> downstream,
        Consumers consumers,
        String feedback,
        /* the access request form's end date: 30 days ahead (a PII product's rule asks for one, at most 90) */
        String defaultUntil) {

    public record Link(String label, String href) {}

    /** An accepted version and how its schema differs from the one before. */
    public record Version(String version, String acceptedAt, String topic, List<String> changes) {}

    public record Sla(
            String target,
            String alertAfter,
            String state,
            String since,
            String age,
            String compliance,
            RawString chart,
            Map<String, String> byDay) {}

    public record Check(
            String id,
            String declared,
            String status,
            String observed,
            String expected,
            String reason,
            String at,
            /* null when no result has a value to chart yet */
            RawString chart) {}

    public record Alert(String id, String kind, String summary, String since) {}

    /** An alert's incident: what stands now, who acknowledged and resolved it and when (times as the page shows). */
    public record Incident(
            String id, String state, String summary, String fired, String acknowledged, String resolved) {}

    /** A delivery of an alert that ended undelivered, and why. */
    public record DeadDelivery(String alertId, String state, String destination, String ended, String reason) {}

    public record Consumers(
            List<String> declared,
            List<AccessIndex.Grant> granted,
            List<AccessIndex.Pending> pending,
            List<Reader> observed,
            List<Link> products) {}

    public record Reader(String group, String team, String lastRead, boolean flagged) {}

    static ProductPage of(ProductView v, CatalogIndex index, long now) {
        DataProduct d = v.descriptor;
        var meta = d == null ? null : d.metadata();
        List<String> up = index.upstreamOf(v.productId);
        List<String> down = List.copyOf(new java.util.TreeSet<>(index.downstreamOf(v.productId)));
        return new ProductPage(
                v.productId,
                v.domain,
                Html.domainHref(v.domain),
                v.name,
                v.status,
                v.version,
                meta == null ? null : meta.description(),
                meta == null ? null : meta.owner(),
                meta == null ? null : meta.oncall(),
                meta == null ? List.of() : meta.tags(),
                v.outputTopic,
                v.publishedAt == null ? null : Html.time(v.publishedAt),
                versions(v),
                sla(v, d, now),
                checks(v, d),
                ProductSummary.quality(v),
                v.openAlerts.values().stream()
                        .map(a -> new Alert(a.alertId(), a.kind(), a.summary(), Html.time(a.since())))
                        .toList(),
                incidents(v),
                deadDeliveries(v),
                Svg.lineage(v.productId, up, down),
                up.stream().map(p -> new Link(p, Html.productHref(p))).toList(),
                down.stream().map(p -> new Link(p, Html.productHref(p))).toList(),
                consumers(v, index, down, now),
                feedback(v.feedback),
                java.time.Instant.ofEpochMilli(now)
                        .atZone(java.time.ZoneOffset.UTC)
                        .toLocalDate()
                        .plusDays(30)
                        .toString());
    }

    /** Newest first; each with what its schema added, removed or changed since the version before. */
    static List<Version> versions(ProductView v) {
        List<Version> out = new ArrayList<>();
        List<String> before = null;
        for (ProductView.VersionEntry e : v.versions) {
            List<String> changes = new ArrayList<>();
            if (e.fields() == null) {
                changes.add("schema not recorded (published before the catalog kept fields)");
            } else if (before == null) {
                changes.add("first version: " + e.fields().size() + " fields");
            } else {
                changes.addAll(diff(before, e.fields()));
                if (changes.isEmpty()) {
                    changes.add("same schema");
                }
            }
            before = e.fields();
            out.add(0, new Version(e.version(), Html.time(e.acceptedAt()), e.outputTopic(), changes));
        }
        return out;
    }

    /** Fields are {@code name type[?][ pii]}; the changes from {@code before} to {@code after}. */
    static List<String> diff(List<String> before, List<String> after) {
        Map<String, String> was = byName(before);
        Map<String, String> now = byName(after);
        List<String> out = new ArrayList<>();
        now.forEach((name, spec) -> {
            if (!was.containsKey(name)) {
                out.add("added " + name + " " + spec);
            } else if (!was.get(name).equals(spec)) {
                out.add("changed " + name + ": " + was.get(name) + " → " + spec);
            }
        });
        was.keySet().stream().filter(name -> !now.containsKey(name)).forEach(name -> out.add("removed " + name));
        return out;
    }

    private static Map<String, String> byName(List<String> fields) {
        Map<String, String> out = new TreeMap<>();
        for (String f : fields) {
            int space = f.indexOf(' ');
            out.put(space < 0 ? f : f.substring(0, space), space < 0 ? "" : f.substring(space + 1));
        }
        return out;
    }

    private static Sla sla(ProductView v, DataProduct d, long now) {
        var declared = d == null ? null : d.spec().freshness();
        ProductView.FreshnessEntry f = v.freshness;
        Map<String, String> byDay = new TreeMap<>();
        v.complianceByDay.forEach((day, share) -> byDay.put(day, Html.percent(share)));
        return new Sla(
                declared == null ? null : declared.target(),
                declared == null ? null : declared.alertAfter(),
                f == null ? null : f.status(),
                f == null ? null : Html.time(f.since()),
                f == null || f.dataUpdatedAt() == null ? null : Html.duration(now - f.dataUpdatedAt()),
                f == null ? null : Html.percent(f.compliance30d()),
                Svg.shareBars("30-day compliance, per day", v.complianceByDay),
                byDay);
    }

    private static List<Check> checks(ProductView v, DataProduct d) {
        Set<String> ids = new LinkedHashSet<>(v.checks.keySet());
        ids.addAll(v.checkHistory.keySet());
        Map<String, String> declared = new TreeMap<>();
        if (d != null) {
            for (DataProduct.QualityCheck c : d.spec().checks()) {
                if (c.type() == null) {
                    continue;
                }
                // the quality service's check id (CheckEvaluator.checkId)
                String id = c.type().wireName() + ":" + (c.column() == null ? "*" : c.column());
                declared.put(id, declaredText(c));
                ids.add(id);
            }
        }
        List<Check> out = new ArrayList<>();
        for (String id : ids) {
            ProductView.CheckEntry latest = v.checks.get(id);
            List<ProductView.CheckPoint> history = v.checkHistory.getOrDefault(id, List.of());
            out.add(new Check(
                    id,
                    declared.getOrDefault(id, ""),
                    latest == null ? null : latest.status(),
                    latest == null ? null : Svg.num(latest.observed()),
                    latest == null ? null : Svg.num(latest.expected()),
                    latest == null ? null : latest.reason(),
                    latest == null ? null : Html.time(latest.observedAt()),
                    history.stream().anyMatch(h -> h.observed() != null)
                            ? Svg.checkHistory(id + ": latest results against the allowed band", history)
                            : null));
        }
        return out;
    }

    private static String declaredText(DataProduct.QualityCheck c) {
        StringBuilder s = new StringBuilder();
        if (c.threshold() != null) {
            s.append("threshold ").append(c.threshold());
        }
        if (c.window() != null) {
            s.append(s.isEmpty() ? "" : ", ").append("window ").append(c.window());
        }
        if (c.min() != null) {
            s.append(s.isEmpty() ? "" : ", ").append("min ").append(c.min());
        }
        if (c.max() != null) {
            s.append(s.isEmpty() ? "" : ", ").append("max ").append(c.max());
        }
        return s.toString();
    }

    private static Consumers consumers(ProductView v, CatalogIndex index, List<String> downstream, long now) {
        var spec = v.descriptor == null ? null : v.descriptor.spec().access();
        List<String> declared = spec == null ? List.of() : spec.allowTeams();
        AccessIndex access = index.access();
        List<AccessIndex.Grant> granted = access.grants(v.productId, now);
        Set<String> readers = new java.util.TreeSet<>(declared);
        granted.forEach(g -> readers.add(g.team()));
        List<Reader> observed = access.readers(v.productId, false).stream()
                .map(r -> new Reader(
                        r.group(),
                        r.team(),
                        Html.time(r.lastReadAt()),
                        r.team() == null || !readers.contains(r.team())))
                .toList();
        return new Consumers(
                declared,
                granted,
                access.pending(v.productId),
                observed,
                downstream.stream().map(p -> new Link(p, Html.productHref(p))).toList());
    }

    private static String feedback(ProductView.Feedback f) {
        if (f.count() == 0) {
            return "no ratings yet";
        }
        return f.count() + (f.count() == 1 ? " rating" : " ratings") + ", NPS "
                + String.format(java.util.Locale.ROOT, "%.0f", f.nps());
    }

    /** Newest change first. */
    static List<Incident> incidents(ProductView v) {
        if (v.incidents == null) {
            return List.of();
        }
        List<Incident> out = new java.util.ArrayList<>();
        for (ProductView.IncidentEntry i : v.incidents.values()) {
            String acknowledged = i.acknowledgedBy() == null
                    ? (i.snoozedUntil() != null && "SNOOZED".equals(i.state())
                            ? "snoozed until " + Html.time(i.snoozedUntil())
                            : "not acknowledged (notified " + i.notifications() + "×)")
                    : "by " + i.acknowledgedBy() + " at " + Html.time(i.acknowledgedAt()) + ", "
                            + Html.duration(i.acknowledgedAt() - i.firedAt()) + " after it fired";
            String resolved = i.resolvedAt() == null
                    ? "open"
                    : "by " + i.resolvedBy() + " at " + Html.time(i.resolvedAt())
                            + (i.reason() == null ? "" : ": " + i.reason());
            out.add(
                    0,
                    new Incident(i.alertId(), i.state(), i.summary(), Html.time(i.firedAt()), acknowledged, resolved));
        }
        return out;
    }

    /** Newest first. */
    static List<DeadDelivery> deadDeliveries(ProductView v) {
        if (v.deadDeliveries == null) {
            return List.of();
        }
        List<DeadDelivery> out = new java.util.ArrayList<>();
        for (ProductView.DeadDelivery d : v.deadDeliveries) {
            out.add(
                    0,
                    new DeadDelivery(
                            d.alertId(),
                            d.state(),
                            d.destination() + " (" + d.type() + ")",
                            Html.time(d.endedAt()) + " after " + d.attempts() + " attempt"
                                    + (d.attempts() == 1 ? "" : "s"),
                            d.reason()));
        }
        return out;
    }
}
