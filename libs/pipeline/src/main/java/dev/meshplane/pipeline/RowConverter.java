package dev.meshplane.pipeline;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Source rows to records of the product's registered schema, counting rows and nulls per field as it goes. The
 * columns are checked against the schema before the first row ({@link #check}); a value that does not convert names
 * its row and column. Timestamps without a zone are read as UTC.
 */
public final class RowConverter {

    private final Schema schema;
    private final List<Schema.Field> fields;
    /** Each field's type without its null branch, resolved once: convert and accept run per row and per field. */
    private final Schema[] types;
    /** For each schema field, its column in the source, or -1 (a nullable field the source does not have). */
    private final int[] columnOf;

    private final long[] nulls;
    /** Smallest and largest value of each numeric field (NaN until one is seen); other fields stay NaN. */
    private final double[] min;

    private final double[] max;
    private final int cursorField;
    private long rows;
    private Instant rowCursor;
    private Instant maxCursor;

    private RowConverter(Schema schema, int[] columnOf, int cursorField) {
        this.schema = schema;
        this.fields = schema.getFields();
        this.types = fields.stream().map(f -> base(f.schema())).toArray(Schema[]::new);
        this.columnOf = columnOf;
        this.nulls = new long[fields.size()];
        this.min = new double[fields.size()];
        this.max = new double[fields.size()];
        java.util.Arrays.fill(min, Double.NaN);
        java.util.Arrays.fill(max, Double.NaN);
        this.cursorField = cursorField;
    }

    /**
     * Checks the source's columns against the schema: a column the schema does not know, or a non-nullable field the
     * source lacks, is an error before anything is read or written. {@code cursor} (may be null) is the column whose
     * newest value becomes the watermark; it must be a timestamp field.
     */
    public static RowConverter check(Schema schema, List<String> columns, String cursor) {
        for (String c : columns) {
            if (schema.getField(c) == null) {
                throw new PipelineException("the source has a column " + c + " that the product's schema does not"
                        + " declare: add it to spec.schema.fields (and publish), or leave it out of the query");
            }
        }
        int[] columnOf = new int[schema.getFields().size()];
        for (Schema.Field f : schema.getFields()) {
            columnOf[f.pos()] = columns.indexOf(f.name());
            if (columnOf[f.pos()] < 0 && !nullable(f)) {
                throw new PipelineException("spec.schema.fields." + f.name() + " is not nullable, but the source has"
                        + " no column " + f.name() + ": select it in the query, or declare it nullable");
            }
        }
        int cursorField = -1;
        if (cursor != null) {
            Schema.Field f = schema.getField(cursor);
            if (f == null || !(base(f.schema()).getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                throw new PipelineException("spec.source.cursor: " + cursor + " must be a timestamp field of the"
                        + " schema (its newest value is the next run's :last_run)");
            }
            if (columnOf[f.pos()] < 0) {
                throw new PipelineException("spec.source.cursor: the source has no column " + cursor);
            }
            cursorField = f.pos();
        }
        return new RowConverter(schema, columnOf, cursorField);
    }

    /**
     * The current row of {@code source} as a record of the schema. It counts only once {@link #accept}ed, so rows a
     * run skips (already copied) leave the metrics alone.
     */
    public GenericRecord convert(RowSource source) throws Exception {
        GenericData.Record record = new GenericData.Record(schema);
        rowCursor = null;
        for (Schema.Field f : fields) {
            int column = columnOf[f.pos()];
            Object raw = column < 0 ? null : source.value(column);
            if (raw == null) {
                if (!nullable(f)) {
                    throw new PipelineException(source.position() + ", column " + f.name() + ": null, but"
                            + " spec.schema.fields." + f.name() + " is not nullable");
                }
                continue;
            }
            try {
                record.put(f.pos(), convert(types[f.pos()], raw));
                if (f.pos() == cursorField) {
                    rowCursor = instant(raw);
                }
            } catch (RuntimeException e) {
                throw new PipelineException(source.position() + ", column " + f.name() + ": " + shown(raw)
                        + " is not a " + typeName(types[f.pos()]));
            }
        }
        return record;
    }

    /** The last converted row's cursor value at the source's precision (microseconds in PostgreSQL), or null. */
    public Instant rowCursor() {
        return rowCursor;
    }

    /** Counts the last converted row: it is written. */
    public void accept(GenericRecord record) {
        rows++;
        for (Schema.Field f : fields) {
            Object v = record.get(f.pos());
            if (v == null) {
                nulls[f.pos()]++;
            } else if (v instanceof Number n && types[f.pos()].getLogicalType() == null) {
                double d = n.doubleValue();
                min[f.pos()] = Double.isNaN(min[f.pos()]) ? d : Math.min(min[f.pos()], d);
                max[f.pos()] = Double.isNaN(max[f.pos()]) ? d : Math.max(max[f.pos()], d);
            }
        }
        if (rowCursor != null && (maxCursor == null || rowCursor.isAfter(maxCursor))) {
            maxCursor = rowCursor;
        }
    }

    public long rows() {
        return rows;
    }

    public long nulls(int field) {
        return nulls[field];
    }

    /** The smallest value of a numeric field as text (what a quality result carries), or null. */
    public String min(int field) {
        return text(min[field]);
    }

    /** The largest value of a numeric field as text, or null. */
    public String max(int field) {
        return text(max[field]);
    }

    private static String text(double d) {
        return Double.isNaN(d)
                ? null
                : d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    public List<Schema.Field> fields() {
        return fields;
    }

    /** The newest cursor value accepted so far, or null. */
    public Instant maxCursor() {
        return maxCursor;
    }

    private static Object convert(Schema type, Object raw) {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return timestamp(raw);
        }
        if (logical instanceof LogicalTypes.Date) {
            return (int) date(raw).toEpochDay();
        }
        return switch (type.getType()) {
            case STRING ->
                raw instanceof BigDecimal d
                        ? d.toPlainString()
                        : raw instanceof Timestamp t ? t.toInstant().toString() : raw.toString();
            case INT ->
                raw instanceof Number n
                        ? Math.toIntExact(n.longValue())
                        : Integer.parseInt(raw.toString().trim());
            case LONG ->
                raw instanceof Number n
                        ? n.longValue()
                        : Long.parseLong(raw.toString().trim());
            case DOUBLE ->
                raw instanceof Number n
                        ? n.doubleValue()
                        : Double.parseDouble(raw.toString().trim());
            case FLOAT ->
                raw instanceof Number n
                        ? n.floatValue()
                        : Float.parseFloat(raw.toString().trim());
            case BOOLEAN -> raw instanceof Boolean b ? b : bool(raw.toString().trim());
            case BYTES ->
                raw instanceof byte[] b
                        ? ByteBuffer.wrap(b)
                        : ByteBuffer.wrap(raw.toString().getBytes());
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    private static long timestamp(Object raw) {
        return raw instanceof Number n ? n.longValue() : instant(raw).toEpochMilli();
    }

    /** A timestamp value at full precision: JDBC types keep their micro- or nanoseconds; text without a zone is UTC. */
    private static Instant instant(Object raw) {
        if (raw instanceof Timestamp t) {
            return t.toInstant();
        }
        if (raw instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (raw instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (raw instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String s = raw.toString().trim();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
    }

    private static LocalDate date(Object raw) {
        if (raw instanceof Date d) {
            return d.toLocalDate();
        }
        if (raw instanceof LocalDate l) {
            return l;
        }
        return LocalDate.parse(raw.toString().trim());
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase()) {
            case "true", "t", "1", "yes" -> true;
            case "false", "f", "0", "no" -> false;
            default -> throw new IllegalArgumentException(s);
        };
    }

    static boolean nullable(Schema.Field f) {
        return f.schema().getType() == Schema.Type.UNION
                && f.schema().getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private static Schema base(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(s);
    }

    private static String typeName(Schema s) {
        LogicalType l = s.getLogicalType();
        return l != null
                ? l.getName().replace("timestamp-millis", "timestamp")
                : s.getType().getName();
    }

    private static String shown(Object raw) {
        String s = raw.toString();
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
}
