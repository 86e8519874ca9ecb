package dev.meshplane.catalog.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.quarkus.qute.RawString;

import dev.meshplane.catalog.domain.ProductView;

/**
 * The pages' charts, drawn on the server as inline SVG: no script library, nothing fetched, a few kilobytes each. Every
 * text put into a chart is escaped here ({@link Html#escape}); each chart has a title and a label for screen readers,
 * and the page shows the same figures as a table.
 */
public final class Svg {

    private static final int W = 600;
    private static final int H = 160;
    private static final int PAD = 30;

    private Svg() {}

    /** A point of a line chart: its label (the x axis) and value; value null leaves a gap. */
    public record Point(String label, Double value) {}

    /**
     * A check's recent results: the observed values as a line, the band the check allowed around its expected value
     * (expected × (1 ± threshold), as the row-count check applies it) shaded, failures in red.
     */
    static RawString checkHistory(String title, List<ProductView.CheckPoint> points) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (ProductView.CheckPoint p : points) {
            for (Double v : new Double[] {p.observed(), low(p), high(p)}) {
                if (v != null) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        StringBuilder s = open(title);
        if (min > max) {
            return close(s.append(text(W / 2, H / 2, "no values yet", "middle")));
        }
        if (max == min) {
            max = min + 1;
        }
        double lo = min - (max - min) * 0.1;
        if (min >= 0) {
            lo = Math.max(0, lo); // counts and rates: the axis does not go below zero
        }
        double hi = max + (max - min) * 0.1;
        axis(s, lo, hi, false);
        int n = points.size();
        StringBuilder upper = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ProductView.CheckPoint p = points.get(i);
            if (low(p) != null) {
                upper.append(fmt(x(i, n)))
                        .append(',')
                        .append(fmt(y(high(p), lo, hi)))
                        .append(' ');
                lower.insert(0, fmt(x(i, n)) + "," + fmt(y(low(p), lo, hi)) + " ");
            }
        }
        if (!upper.isEmpty()) {
            s.append("<polygon class=\"band\" points=\"")
                    .append(upper)
                    .append(lower)
                    .append("\"/>");
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Double v = points.get(i).observed();
            if (v != null) {
                line.append(fmt(x(i, n))).append(',').append(fmt(y(v, lo, hi))).append(' ');
            }
        }
        s.append("<polyline class=\"line\" points=\"").append(line).append("\"/>");
        for (int i = 0; i < n; i++) {
            ProductView.CheckPoint p = points.get(i);
            if (p.observed() != null) {
                s.append("<circle class=\"pt ")
                        .append("FAIL".equals(p.status()) ? "fail" : "PASS".equals(p.status()) ? "pass" : "skip")
                        .append("\" r=\"4\" cx=\"")
                        .append(fmt(x(i, n)))
                        .append("\" cy=\"")
                        .append(fmt(y(p.observed(), lo, hi)))
                        .append("\"><title>")
                        .append(Html.escape(
                                Html.time(p.observedAt()) + ": " + num(p.observed()) + " (" + p.status() + ")"))
                        .append("</title></circle>");
            }
        }
        return close(s);
    }

    /** Values between 0 and 1 as bars, one per label (30-day compliance per day). */
    static RawString shareBars(String title, Map<String, Double> byLabel) {
        StringBuilder s = open(title);
        if (byLabel.isEmpty()) {
            return close(s.append(text(W / 2, H / 2, "no values yet", "middle")));
        }
        axis(s, 0, 1, true);
        int n = byLabel.size();
        double slot = Math.min(40, (W - 2.0 * PAD) / n); // a day's bar is never wider than a month's would be
        int i = 0;
        for (Map.Entry<String, Double> e : byLabel.entrySet()) {
            double v = Math.max(0, Math.min(1, e.getValue()));
            double top = y(v, 0, 1);
            s.append("<rect class=\"bar\" x=\"")
                    .append(fmt(PAD + i * slot + slot * 0.15))
                    .append("\" y=\"")
                    .append(fmt(top))
                    .append("\" width=\"")
                    .append(fmt(slot * 0.7))
                    .append("\" height=\"")
                    .append(fmt(H - PAD - top))
                    .append("\"><title>")
                    .append(Html.escape(e.getKey() + ": " + Html.percent(e.getValue())))
                    .append("</title></rect>");
            i++;
        }
        s.append(text(PAD, H - 8, byLabel.keySet().iterator().next(), "start"));
        if (n > 1) {
            s.append(text(W - PAD, H - 8, lastKey(byLabel), "end"));
        }
        return close(s);
    }

    /** A small line over time, for the health signals' trend; {@code share} puts the axis at 0..100 %. */
    static RawString trend(String title, List<Point> points, boolean share) {
        StringBuilder s = open(title);
        double lo = share ? 0 : Double.MAX_VALUE;
        double hi = share ? 1 : -Double.MAX_VALUE;
        for (Point p : points) {
            if (p.value() != null && !share) {
                lo = Math.min(lo, p.value());
                hi = Math.max(hi, p.value());
            }
        }
        if (points.stream().allMatch(p -> p.value() == null)) {
            return close(s.append(text(W / 2, H / 2, "no value yet", "middle")));
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        axis(s, lo, hi, share);
        int n = points.size();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Double v = points.get(i).value();
            if (v != null) {
                line.append(fmt(x(i, n))).append(',').append(fmt(y(v, lo, hi))).append(' ');
                s.append("<circle class=\"pt pass\" r=\"3\" cx=\"")
                        .append(fmt(x(i, n)))
                        .append("\" cy=\"")
                        .append(fmt(y(v, lo, hi)))
                        .append("\"><title>")
                        .append(Html.escape(points.get(i).label() + ": " + (share ? Html.percent(v) : num(v))))
                        .append("</title></circle>");
            }
        }
        s.append("<polyline class=\"line\" points=\"").append(line).append("\"/>");
        s.append(text(PAD, H - 8, points.get(0).label(), "start"));
        if (n > 1) {
            s.append(text(W - PAD, H - 8, points.get(n - 1).label(), "end"));
        }
        return close(s);
    }

    /**
     * The product between what it reads and what reads it: inputs on the left, readers on the right, each a link to
     * its page.
     */
    static RawString lineage(String productId, List<String> upstream, List<String> downstream) {
        int rows = Math.max(1, Math.max(upstream.size(), downstream.size()));
        int rowH = 34;
        int height = rows * rowH + 20;
        StringBuilder s = new StringBuilder("<svg class=\"chart lineage\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape("lineage of " + productId + ": " + upstream.size() + " inputs, " + downstream.size()
                        + " readers"))
                .append("\"><title>lineage</title>");
        double midY = height / 2.0;
        node(s, 200, midY - 13, productId, null, true);
        for (int i = 0; i < upstream.size(); i++) {
            double yy = 10 + i * rowH + (rows - upstream.size()) * rowH / 2.0;
            s.append(edge(180, yy + 13, 200, midY));
            node(s, 0, yy, upstream.get(i), Html.productHref(upstream.get(i)), false);
        }
        for (int i = 0; i < downstream.size(); i++) {
            double yy = 10 + i * rowH + (rows - downstream.size()) * rowH / 2.0;
            s.append(edge(400, midY, 420, yy + 13));
            node(s, 420, yy, downstream.get(i), Html.productHref(downstream.get(i)), false);
        }
        return new RawString(s.append("</svg>").toString());
    }

    private static void node(StringBuilder s, double x, double y, String label, String href, boolean self) {
        if (href != null) {
            s.append("<a href=\"").append(Html.escape(href)).append("\">");
        }
        s.append("<rect class=\"node")
                .append(self ? " self" : "")
                .append("\" rx=\"4\" x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" width=\"180\" height=\"26\"/>");
        String shown = label.length() > 28 ? label.substring(0, 27) + "…" : label;
        s.append("<text x=\"")
                .append(fmt(x + 90))
                .append("\" y=\"")
                .append(fmt(y + 17))
                .append("\" text-anchor=\"middle\">")
                .append(Html.escape(shown))
                .append("<title>")
                .append(Html.escape(label))
                .append("</title></text>");
        if (href != null) {
            s.append("</a>");
        }
    }

    private static String edge(double x1, double y1, double x2, double y2) {
        return "<line class=\"edge\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\""
                + fmt(y2) + "\"/>";
    }

    private static StringBuilder open(String title) {
        return new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(H)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title))
                .append("\"><title>")
                .append(Html.escape(title))
                .append("</title>");
    }

    private static RawString close(StringBuilder s) {
        return new RawString(s.append("</svg>").toString());
    }

    private static void axis(StringBuilder s, double lo, double hi, boolean share) {
        s.append("<line class=\"axis\" x1=\"")
                .append(PAD)
                .append("\" y1=\"")
                .append(H - PAD)
                .append("\" x2=\"")
                .append(W - PAD)
                .append("\" y2=\"")
                .append(H - PAD)
                .append("\"/>");
        s.append(text(PAD - 4, PAD / 2 + 4, share ? Html.percent(hi) : num(hi), "start"));
        s.append(text(PAD - 4, H - PAD - 4, share ? Html.percent(lo) : num(lo), "start"));
    }

    private static String text(double x, double y, String text, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + Html.escape(text)
                + "</text>";
    }

    private static double x(int i, int n) {
        return n == 1 ? W / 2.0 : PAD + (W - 2.0 * PAD) * i / (n - 1);
    }

    private static double y(double v, double lo, double hi) {
        return H - PAD - (H - 2.0 * PAD) * (v - lo) / (hi - lo);
    }

    private static Double low(ProductView.CheckPoint p) {
        return p.expected() == null || p.threshold() == null ? null : p.expected() * (1 - p.threshold());
    }

    private static Double high(ProductView.CheckPoint p) {
        return p.expected() == null || p.threshold() == null ? null : p.expected() * (1 + p.threshold());
    }

    static String num(Double v) {
        if (v == null) {
            return "—";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", v.longValue());
        }
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String lastKey(Map<String, Double> map) {
        String last = null;
        for (String k : map.keySet()) {
            last = k;
        }
        return last;
    }
}
