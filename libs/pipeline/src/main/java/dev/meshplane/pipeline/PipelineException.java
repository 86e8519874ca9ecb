package dev.meshplane.pipeline;

/**
 * A run that cannot go on, with a message that names what is wrong (a variable, a column, a row) and how to fix it.
 * It never carries a resolved connection string or password. Whatever the run had written is aborted with it.
 */
public class PipelineException extends RuntimeException {

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
