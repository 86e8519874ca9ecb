package dev.meshplane.governance.messaging;

import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;

/**
 * What one publication request comes to. Each is written to the {@link DecisionLog} in one transaction with the
 * request's offset, so every request read is accounted for exactly once: decided, dead-lettered or skipped.
 */
public sealed interface Outcome {

    /** A decision, with the product to publish when it is ACCEPTED ({@code product} is null when REJECTED). */
    record Decided(PolicyDecided decision, DataProductPublished product) implements Outcome {}

    /**
     * A record that can never be decided goes to the dead-letter topic with {@code reason}: a request that cannot be
     * decided ({@code request} set), or a record that could not be read ({@code unreadable}: its bytes as they came).
     */
    record DeadLetter(PublicationRequested request, byte[] unreadable, String reason) implements Outcome {

        static DeadLetter undecidable(PublicationRequested request, String reason) {
            return new DeadLetter(request, null, reason);
        }

        static DeadLetter unreadable(byte[] bytes, String reason) {
            return new DeadLetter(null, bytes, reason);
        }
    }

    /** Nothing to write (a tombstone, a request id already decided): only the request's offset moves on. */
    record Skipped(String why) implements Outcome {}
}
