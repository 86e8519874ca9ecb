package dev.meshplane.descriptor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The quality checks a descriptor can declare, with the fields each one takes. The set is closed on purpose: the parser
 * reads its rules from here, and the quality service switches over it with no default branch, so a new type does not
 * compile until it is evaluated. On the wire (Avro, JSON, YAML) a check type is its {@link #wireName()}.
 */
public enum CheckType {
    NULL_RATE("null_rate", Column.OPTIONAL, Limit.FRACTION, false, "share of nulls in a column"),
    ROW_COUNT_DELTA(
            "row_count_delta", Column.NONE, Limit.FRACTION, true, "this run's rows against the window's average"),
    ROW_COUNT("row_count", Column.NONE, Limit.MIN_MAX, false, "rows in the run"),
    DISTINCT_COUNT("distinct_count", Column.REQUIRED, Limit.MIN_MAX, false, "distinct values in a column"),
    VALUE_RANGE("value_range", Column.REQUIRED, Limit.MIN_MAX, false, "smallest and largest value of a numeric column");

    /** Whether a check is about one column. */
    public enum Column {
        /** The check names the column it checks. */
        REQUIRED,
        /** A named column, or every column when none is named (the worst one counts). */
        OPTIONAL,
        /** The check is about the whole run. */
        NONE
    }

    /** What a check compares against. */
    public enum Limit {
        /** A {@code threshold} between 0 and 1 (0.01 means 1%). */
        FRACTION,
        /** A {@code min}, a {@code max} or both, whole numbers. */
        MIN_MAX
    }

    /**
     * Something structurally wrong with a check of this type.
     *
     * @param field the check's field at fault ({@code column}, {@code threshold}, {@code window}, {@code min},
     *     {@code max}), or {@code ""} for the check as a whole
     */
    public record Issue(String field, String message) {}

    private final String wireName;
    private final Column column;
    private final Limit limit;
    private final boolean windowed;
    private final String summary;

    CheckType(String wireName, Column column, Limit limit, boolean windowed, String summary) {
        this.wireName = wireName;
        this.column = column;
        this.limit = limit;
        this.windowed = windowed;
        this.summary = summary;
    }

    /** The name descriptors and events use, e.g. {@code null_rate}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Column column() {
        return column;
    }

    public Limit limit() {
        return limit;
    }

    /** Whether the check compares the run against earlier runs within a {@code window} (a duration). */
    public boolean windowed() {
        return windowed;
    }

    /** What the check measures, in a few words, for templates and help. */
    public String summary() {
        return summary;
    }

    /** A well-formed check of this type, the one templates, docs and error messages show. */
    public DataProduct.QualityCheck example() {
        return switch (this) {
            case NULL_RATE -> new DataProduct.QualityCheck(this, "id", 0.01, null, null, null);
            case ROW_COUNT_DELTA -> new DataProduct.QualityCheck(this, null, 0.20, "7d", null, null);
            case ROW_COUNT -> new DataProduct.QualityCheck(this, null, null, null, 1L, 10_000_000L);
            case DISTINCT_COUNT -> new DataProduct.QualityCheck(this, "id", null, null, 1L, null);
            case VALUE_RANGE -> new DataProduct.QualityCheck(this, "amount", null, null, 0L, 10_000L);
        };
    }

    /** The example as a YAML flow mapping, e.g. {@code {type: null_rate, column: id, threshold: 0.01}}. */
    public String exampleYaml() {
        DataProduct.QualityCheck e = example();
        List<String> parts = new ArrayList<>();
        parts.add("type: " + wireName);
        if (e.column() != null) {
            parts.add("column: " + e.column());
        }
        if (e.threshold() != null) {
            parts.add("threshold: " + number(e.threshold()));
        }
        if (e.window() != null) {
            parts.add("window: " + e.window());
        }
        if (e.min() != null) {
            parts.add("min: " + e.min());
        }
        if (e.max() != null) {
            parts.add("max: " + e.max());
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /**
     * Every structural problem of {@code check} against this type's rules: the column it needs or must not have, its
     * threshold or bounds, its window. Empty when the check is well-formed. A missing value is reported as missing, so a
     * reader that has already reported a value it could not read should drop the issue about that field.
     */
    public List<Issue> problems(DataProduct.QualityCheck check) {
        List<Issue> out = new ArrayList<>();
        if (column == Column.REQUIRED && check.column() == null) {
            out.add(new Issue(
                    "column",
                    wireName + " needs the column it checks, e.g. column: "
                            + example().column()));
        } else if (column == Column.NONE && check.column() != null) {
            out.add(new Issue("column", wireName + " checks the whole run, not a column: remove column"));
        }
        if (limit == Limit.FRACTION) {
            if (check.threshold() == null) {
                out.add(new Issue(
                        "threshold",
                        wireName + " needs a threshold, e.g. threshold: "
                                + number(example().threshold())));
            } else if (check.threshold() < 0 || check.threshold() > 1) {
                out.add(new Issue(
                        "threshold",
                        "threshold is a fraction between 0 and 1 (0.01 means 1%), found " + check.threshold()));
            }
            if (check.min() != null) {
                out.add(new Issue("min", wireName + " takes a threshold, not min or max"));
            }
            if (check.max() != null) {
                out.add(new Issue("max", wireName + " takes a threshold, not min or max"));
            }
        } else {
            if (check.threshold() != null) {
                out.add(new Issue("threshold", wireName + " takes min, max or both, not a threshold"));
            }
            if (check.min() == null && check.max() == null) {
                out.add(new Issue("", wireName + " needs min, max or both"));
            } else if (check.min() != null && check.max() != null && check.min() > check.max()) {
                out.add(new Issue("min", "min (" + check.min() + ") is larger than max (" + check.max() + ")"));
            }
        }
        if (!windowed && check.window() != null) {
            out.add(new Issue("window", wireName + " compares no earlier runs, so it takes no window: remove window"));
        }
        return out;
    }

    /** The type a descriptor or event names, if this version knows it. */
    public static Optional<CheckType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /**
     * The type a descriptor or event names.
     *
     * @throws IllegalArgumentException when this version does not know it
     */
    @JsonCreator
    public static CheckType ofWireName(String name) {
        return fromWireName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown check type '" + name + "': this version knows " + String.join(", ", wireNames())));
    }

    /** Every wire name, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(CheckType::wireName).toList();
    }

    /** The wire name, so messages and logs read like the descriptor. */
    @Override
    public String toString() {
        return wireName;
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
