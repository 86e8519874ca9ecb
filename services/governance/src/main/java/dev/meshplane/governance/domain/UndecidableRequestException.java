package dev.meshplane.governance.domain;

/**
 * The request itself cannot be decided, now or later: its descriptor names another product than the request does, or
 * a dependency refuses what the descriptor asks for (a topic setting the broker rejects, a schema the registry will not
 * store). Trying again would fail the same way, so the request goes to the dead-letter topic with this message as the
 * reason.
 */
public class UndecidableRequestException extends RuntimeException {

    public UndecidableRequestException(String message) {
        super(message);
    }

    public UndecidableRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
