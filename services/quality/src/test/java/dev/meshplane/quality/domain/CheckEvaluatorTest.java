package dev.meshplane.quality.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.QualityResultReported;

/**
 * The checks on metrics a run may carry beyond counts (distinct counts, a numeric column's min and max), and that every
 * check type is evaluated.
 */
class CheckEvaluatorTest {

    private static final Instant DAY_ONE = Instant.parse("2026-11-01T00:00:00Z");

    private final CheckEvaluator evaluator = new CheckEvaluator(3);

    private static QualityResultReported run(ColumnMetrics... columns) {
        return QualityResultReported.newBuilder()
                .setProductId("sales/orders")
                .setRunId("r1")
                .setObservedAt(DAY_ONE)
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
                new DataProduct.QualityCheck(CheckType.DISTINCT_COUNT, "customer_id", null, null, 40L, null);
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
                new DataProduct.QualityCheck(CheckType.VALUE_RANGE, "amount", null, null, 0L, 10_000L);
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
        DataProduct.QualityCheck rows = new DataProduct.QualityCheck(CheckType.ROW_COUNT, null, null, null, 1L, 500L);
        CheckEvaluator.Outcome fail = only(rows, run());
        assertThat(fail.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(fail.column()).isNull();
        assertThat(fail.reason()).isEqualTo("row count 1000 above the maximum 500");
        assertThat(fail.expected()).isEqualTo(500.0);
        assertThat(only(new DataProduct.QualityCheck(CheckType.ROW_COUNT, null, null, null, 1L, null), run())
                        .status())
                .isEqualTo(CheckStatus.PASS);
    }

    @Test
    void missingOrNonNumericMetricsAreSkippedWithTheReasonNeverFailed() {
        DataProduct.QualityCheck distinct =
                new DataProduct.QualityCheck(CheckType.DISTINCT_COUNT, "customer_id", null, null, 40L, null);
        DataProduct.QualityCheck range =
                new DataProduct.QualityCheck(CheckType.VALUE_RANGE, "segment", null, null, 0L, 10L);
        QualityResultReported r = run(
                new ColumnMetrics("customer_id", 0L, null, null, null),
                new ColumnMetrics("segment", 0L, null, "a", "z"));
        assertThat(only(distinct, r).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(only(distinct, r).reason()).contains("no distinct count for column customer_id");
        assertThat(only(range, r).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(only(range, r).reason()).contains("segment is not numeric");
    }

    /** Whatever type the parser accepts is evaluated: its own example passes on a run whose metrics satisfy it. */
    @ParameterizedTest
    @EnumSource(CheckType.class)
    void everyCheckTypeTheParserAcceptsIsEvaluated(CheckType type) {
        ParsedDescriptor parsed = DescriptorParser.parse("p.yaml", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: orders, domain: sales}
                spec:
                  quality:
                    checks: [%s]
                """.formatted(type.exampleYaml()));
        assertThat(parsed.problems()).isEmpty();
        DataProduct.QualityCheck check =
                parsed.product().orElseThrow().spec().checks().get(0);
        QualityState baseline = new QualityState();
        for (int day = 1; day <= 3; day++) {
            baseline.add(new QualityState.Run(
                    "earlier-" + day, DAY_ONE.minus(Duration.ofDays(day)).toEpochMilli(), 1000));
        }

        CheckEvaluator.Outcome outcome = evaluator
                .evaluate(
                        List.of(check),
                        run(
                                new ColumnMetrics("id", 0L, 900L, null, null),
                                new ColumnMetrics("amount", 0L, 800L, "1.5", "99.0")),
                        baseline)
                .get(0);

        assertThat(outcome.type()).isEqualTo(type.wireName());
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CheckStatus.PASS);
    }
}
