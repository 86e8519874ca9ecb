package dev.meshplane.quality.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.QualityResultReported;

/** The checks on metrics a run may carry beyond counts: distinct counts and a numeric column's min and max. */
class CheckEvaluatorTest {

    private final CheckEvaluator evaluator = new CheckEvaluator(3);

    private static QualityResultReported run(ColumnMetrics... columns) {
        return QualityResultReported.newBuilder()
                .setProductId("sales/orders")
                .setRunId("r1")
                .setObservedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .setRowCount(1000)
                .setColumns(List.of(columns))
                .build();
    }

    private CheckEvaluator.Outcome only(DataProduct.QualityCheck check, QualityResultReported run) {
        return evaluator.evaluate(List.of(check), run, new QualityState()).get(0);
    }

    @Test
    void distinctCountWithinBoundsPassesAndOutsideFailsWithTheBoundItMissed() {
        DataProduct.QualityCheck atLeast40Customers =
                new DataProduct.QualityCheck("distinct_count", "customer_id", null, null, 40L, null);
        assertThat(only(atLeast40Customers, run(new ColumnMetrics("customer_id", 0L, 52L, null, null)))
                        .status())
                .isEqualTo(CheckStatus.PASS);
        CheckEvaluator.Outcome fail =
                only(atLeast40Customers, run(new ColumnMetrics("customer_id", 0L, 3L, null, null)));
        assertThat(fail.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(fail.checkId()).isEqualTo("distinct_count:customer_id");
        assertThat(fail.reason()).isEqualTo("distinct count 3 below the minimum 40");
        assertThat(fail.expected()).isEqualTo(40.0);
    }

    @Test
    void valueRangeComparesTheRunsMinAndMax() {
        DataProduct.QualityCheck amounts =
                new DataProduct.QualityCheck("value_range", "amount", null, null, 0L, 10_000L);
        assertThat(only(amounts, run(new ColumnMetrics("amount", 0L, null, "9.99", "812.5")))
                        .status())
                .isEqualTo(CheckStatus.PASS);
        assertThat(only(amounts, run(new ColumnMetrics("amount", 0L, null, "-5", "812.5")))
                        .reason())
                .isEqualTo("value -5 below the minimum 0");
        assertThat(only(amounts, run(new ColumnMetrics("amount", 0L, null, "1", "12000.75")))
                        .reason())
                .isEqualTo("value 12000.75 above the maximum 10000");
    }

    @Test
    void rowCountOutsideItsBoundsFailsWithTheBoundItMissed() {
        DataProduct.QualityCheck rows = new DataProduct.QualityCheck("row_count", null, null, null, 1L, 500L);
        CheckEvaluator.Outcome fail = only(rows, run());
        assertThat(fail.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(fail.column()).isNull();
        assertThat(fail.reason()).isEqualTo("row count 1000 above the maximum 500");
        assertThat(fail.expected()).isEqualTo(500.0);
        assertThat(only(new DataProduct.QualityCheck("row_count", null, null, null, 1L, null), run())
                        .status())
                .isEqualTo(CheckStatus.PASS);
    }

    @Test
    void missingOrNonNumericMetricsAreSkippedWithTheReasonNeverFailed() {
        DataProduct.QualityCheck distinct =
                new DataProduct.QualityCheck("distinct_count", "customer_id", null, null, 40L, null);
        DataProduct.QualityCheck range = new DataProduct.QualityCheck("value_range", "segment", null, null, 0L, 10L);
        QualityResultReported r = run(
                new ColumnMetrics("customer_id", 0L, null, null, null),
                new ColumnMetrics("segment", 0L, null, "a", "z"));
        assertThat(only(distinct, r).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(only(distinct, r).reason()).contains("no distinct count for column customer_id");
        assertThat(only(range, r).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(only(range, r).reason()).contains("segment is not numeric");
    }
}
