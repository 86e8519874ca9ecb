package dev.meshplane.quality.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.Durations;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.QualityResultReported;

/** Evaluates a product's declared checks on one run's metrics. Pure: state in, outcomes out. */
public final class CheckEvaluator {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    /** One outcome, before it becomes a {@code CheckEvaluated} event; {@code type} is the check's wire name. */
    public record Outcome(
            String checkId,
            String type,
            String column,
            CheckStatus status,
            Double observed,
            Double expected,
            Double threshold,
            String reason) {}

    private final int minBaselineRuns;
    /** A check's declared window in millis, parsed once (an evaluator serves one stream task, one thread). */
    private final Map<String, Long> windows = new HashMap<>();

    public CheckEvaluator(int minBaselineRuns) {
        this.minBaselineRuns = minBaselineRuns;
    }

    public static String checkId(DataProduct.QualityCheck c) {
        return c.type().wireName() + ":" + (c.column() == null ? "*" : c.column());
    }

    /** No default branch: a new {@link CheckType} does not compile until it is evaluated here. */
    public List<Outcome> evaluate(
            List<DataProduct.QualityCheck> checks, QualityResultReported run, QualityState state) {
        List<Outcome> out = new ArrayList<>();
        for (DataProduct.QualityCheck c : checks) {
            out.add(
                    switch (c.type()) {
                        case NULL_RATE -> nullRate(c, run);
                        case ROW_COUNT_DELTA -> rowCountDelta(c, run, state);
                        case ROW_COUNT -> rowCount(c, run);
                        case DISTINCT_COUNT -> distinctCount(c, run);
                        case VALUE_RANGE -> valueRange(c, run);
                    });
        }
        return out;
    }

    private Outcome nullRate(DataProduct.QualityCheck c, QualityResultReported run) {
        double threshold = c.threshold() == null ? 0.0 : c.threshold();
        if (run.getRowCount() == 0) {
            return skipped(c, "the run has no rows");
        }
        ColumnMetrics worst = null;
        for (ColumnMetrics m : run.getColumns()) {
            if (c.column() == null
                    ? worst == null || m.getNullCount() > worst.getNullCount()
                    : c.column().equals(m.getName())) {
                worst = m;
            }
        }
        if (worst == null) {
            return skipped(
                    c,
                    c.column() == null
                            ? "the run reports no columns"
                            : "the run reports no metrics for column " + c.column());
        }
        double rate = (double) worst.getNullCount() / run.getRowCount();
        String where = c.column() == null ? " (worst column " + worst.getName() + ")" : "";
        return rate > threshold
                ? new Outcome(
                        checkId(c),
                        c.type().wireName(),
                        c.column(),
                        CheckStatus.FAIL,
                        rate,
                        null,
                        threshold,
                        String.format("null rate %.2f%% above %.2f%%%s", rate * 100, threshold * 100, where))
                : new Outcome(
                        checkId(c), c.type().wireName(), c.column(), CheckStatus.PASS, rate, null, threshold, null);
    }

    private Outcome rowCountDelta(DataProduct.QualityCheck c, QualityResultReported run, QualityState state) {
        long window = windows.computeIfAbsent(
                c.window() == null ? "" : c.window(),
                w -> Durations.parse(w).orElse(DEFAULT_WINDOW).toMillis());
        QualityState.Window earlier = state.stats(run.getObservedAt().toEpochMilli(), window);
        double threshold = c.threshold() == null ? 0.0 : c.threshold();
        if (earlier.runs() < minBaselineRuns) {
            return new Outcome(
                    checkId(c),
                    c.type().wireName(),
                    null,
                    CheckStatus.SKIPPED,
                    (double) run.getRowCount(),
                    null,
                    threshold,
                    "baseline has " + earlier.runs() + " earlier run(s) in the "
                            + (c.window() == null ? "7d" : c.window()) + " window; it needs " + minBaselineRuns);
        }
        double mean = earlier.mean();
        double delta = mean == 0 ? (run.getRowCount() == 0 ? 0 : 1) : Math.abs(run.getRowCount() - mean) / mean;
        return delta > threshold
                ? new Outcome(
                        checkId(c),
                        c.type().wireName(),
                        null,
                        CheckStatus.FAIL,
                        (double) run.getRowCount(),
                        mean,
                        threshold,
                        String.format(
                                "row count %d is %.1f%% %s the %d-run mean %.1f (allowed %.1f%%)",
                                run.getRowCount(),
                                delta * 100,
                                run.getRowCount() < mean ? "below" : "above",
                                earlier.runs(),
                                mean,
                                threshold * 100))
                : new Outcome(
                        checkId(c),
                        c.type().wireName(),
                        null,
                        CheckStatus.PASS,
                        (double) run.getRowCount(),
                        mean,
                        threshold,
                        null);
    }

    private Outcome rowCount(DataProduct.QualityCheck c, QualityResultReported run) {
        return bounded(c, null, run.getRowCount(), run.getRowCount(), "row count");
    }

    /** The column's distinct count (reported by the producer) within min and max. */
    private Outcome distinctCount(DataProduct.QualityCheck c, QualityResultReported run) {
        ColumnMetrics m = column(run, c.column());
        if (m == null || m.getDistinctCount() == null) {
            return skipped(c, "the run reports no distinct count for column " + c.column());
        }
        return bounded(c, c.column(), m.getDistinctCount(), m.getDistinctCount(), "distinct count");
    }

    /** The column's smallest and largest values (numeric, as the producer reports them) within min and max. */
    private Outcome valueRange(DataProduct.QualityCheck c, QualityResultReported run) {
        ColumnMetrics m = column(run, c.column());
        if (m == null || m.getMin() == null || m.getMax() == null) {
            return skipped(c, "the run reports no min/max for column " + c.column());
        }
        try {
            return bounded(c, c.column(), Double.parseDouble(m.getMin()), Double.parseDouble(m.getMax()), "value");
        } catch (NumberFormatException e) {
            return skipped(
                    c, "column " + c.column() + " is not numeric (min " + m.getMin() + ", max " + m.getMax() + ")");
        }
    }

    /** FAIL when {@code low} is under min or {@code high} over max (a row count passes the same value twice). */
    private static Outcome bounded(DataProduct.QualityCheck c, String column, double low, double high, String what) {
        if (c.min() != null && low < c.min()) {
            return new Outcome(
                    checkId(c),
                    c.type().wireName(),
                    column,
                    CheckStatus.FAIL,
                    low,
                    (double) c.min(),
                    null,
                    String.format("%s %s below the minimum %d", what, number(low), c.min()));
        }
        if (c.max() != null && high > c.max()) {
            return new Outcome(
                    checkId(c),
                    c.type().wireName(),
                    column,
                    CheckStatus.FAIL,
                    high,
                    (double) c.max(),
                    null,
                    String.format("%s %s above the maximum %d", what, number(high), c.max()));
        }
        return new Outcome(checkId(c), c.type().wireName(), column, CheckStatus.PASS, high, null, null, null);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static ColumnMetrics column(QualityResultReported run, String name) {
        return run.getColumns().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    private static Outcome skipped(DataProduct.QualityCheck c, String reason) {
        return new Outcome(
                checkId(c), c.type().wireName(), c.column(), CheckStatus.SKIPPED, null, null, c.threshold(), reason);
    }
}
