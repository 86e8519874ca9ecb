package dev.meshplane.bench;

import java.util.Arrays;

/** Percentiles of a set of samples (nearest rank). */
record Percentiles(double p50, double p95, double p99, double max, int count) {

    static Percentiles of(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return new Percentiles(rank(s, 0.50), rank(s, 0.95), rank(s, 0.99), s[s.length - 1], s.length);
    }

    private static double rank(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    String format(String unit) {
        return String.format(
                "p50 %.3f %s  p95 %.3f %s  p99 %.3f %s  max %.3f %s  (n=%d)",
                p50, unit, p95, unit, p99, unit, max, unit, count);
    }
}
