package dev.meshplane.governance.domain;

/**
 * A platform dependency (the schema registry, the broker) could not answer. It says nothing about the request, so the
 * request waits and is tried again for as long as the outage lasts; it is never dead-lettered for this.
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message);
    }

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
