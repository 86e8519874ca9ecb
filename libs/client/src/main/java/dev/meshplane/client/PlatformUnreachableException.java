package dev.meshplane.client;

/** The broker or the registry did not answer. The message says which, where, and how to start it. */
public final class PlatformUnreachableException extends RuntimeException {

    public PlatformUnreachableException(String message) {
        super(message);
    }
}
