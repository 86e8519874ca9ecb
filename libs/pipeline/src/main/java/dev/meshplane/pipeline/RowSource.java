package dev.meshplane.pipeline;

import java.util.List;

/** Rows read once, in order, with constant memory. Columns are known once the source is open. */
public interface RowSource extends AutoCloseable {

    /** Column names, lower case, in source order. */
    List<String> columns();

    /** Moves to the next row; false at the end. */
    boolean next() throws Exception;

    /** The current row's value of column {@code i} (a JDBC object, or text for files); null for SQL NULL. */
    Object value(int i) throws Exception;

    /** Where the current row is, for error messages: "row 17" or "orders.csv line 18". */
    String position();

    @Override
    void close() throws Exception;
}
