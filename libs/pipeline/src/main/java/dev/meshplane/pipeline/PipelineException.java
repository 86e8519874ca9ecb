package dev.meshplane.pipeline;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.sql.SQLException;

import org.apache.kafka.common.errors.RetriableException;

/**
 * A run that cannot go on, with a message that names what is wrong (a variable, a column, a row) and how to fix it.
 * It never carries a resolved connection string or password. Whatever the run had written is aborted with it.
 *
 * <p>Most failures repeat until someone changes the descriptor, the environment or the source's data: a scheduled
 * {@code mesh run --every} stops on them. A {@linkplain #retryable() retryable} one (the database or the broker did not
 * answer, another run took over) may pass by itself, so a schedule tries again later.
 */
public class PipelineException extends RuntimeException {

    private final boolean retryable;

    public PipelineException(String message) {
        this(message, null, false);
    }

    public PipelineException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private PipelineException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A failure that may pass by itself: a connection lost or refused, a broker that did not answer. */
    public static PipelineException retryable(String message, Throwable cause) {
        return new PipelineException(message, cause, true);
    }

    /** True when running again unchanged may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /**
     * True when {@code e} or a cause of it is I/O trouble (not undecodable text), a Kafka error that Kafka itself
     * calls retriable (a timeout, a broker that went away), or an SQL state that names a connection or server
     * condition rather than the query: classes 08 (connection exception), 40 (transaction rollback), 53 (insufficient
     * resources), 57 (operator intervention, e.g. the server shutting down).
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException
                    || (t instanceof IOException && !(t instanceof CharacterCodingException))) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().length() >= 2) {
                String sqlClass = sql.getSQLState().substring(0, 2);
                return sqlClass.equals("08") || sqlClass.equals("40") || sqlClass.equals("53") || sqlClass.equals("57");
            }
        }
        return false;
    }
}
