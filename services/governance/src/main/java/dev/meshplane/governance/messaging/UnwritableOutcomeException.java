package dev.meshplane.governance.messaging;

/**
 * The broker refused the records of an outcome for what they are (larger than a limit, malformed), not because it was
 * away: writing the same records again fails the same way, so the caller writes a smaller outcome instead. Nothing was
 * written.
 */
public class UnwritableOutcomeException extends RuntimeException {

    public UnwritableOutcomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
