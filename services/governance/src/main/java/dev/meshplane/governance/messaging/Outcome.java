package dev.meshplane.governance.messaging;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.meshplane.events.rules.Violation;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;

/**
 * What one publication request comes to. Each is written to the {@link DecisionLog} in one transaction with the
 * request's offset, so every request read is accounted for exactly once: decided, dead-lettered or skipped.
 */
public sealed interface Outcome {

    /**
     * A decision, with the product to publish when it is ACCEPTED ({@code product} is null when REJECTED), and the
     * teams the product's previous version allowed: the grants the new version's allow list replaces.
     */
    record Decided(PolicyDecided decision, DataProductPublished product, Set<String> previouslyAllowed)
            implements Outcome {

        public Decided {
            previouslyAllowed = Set.copyOf(previouslyAllowed);
        }
    }

    /**
     * A record that can never be decided goes to the dead-letter topic with {@code reason}: a request that cannot be
     * decided or breaks an event rule ({@code request} set; {@code rules} the ids of the broken rules), or a record
     * that could not be read ({@code unreadable}: its bytes as they came). {@code valueDropped} when the broker refused
     * the dead letter with its value and it goes without.
     */
    record DeadLetter(
            PublicationRequested request, byte[] unreadable, String reason, List<String> rules, boolean valueDropped)
            implements Outcome {

        static DeadLetter undecidable(PublicationRequested request, String reason) {
            return new DeadLetter(request, null, reason, List.of(), false);
        }

        static DeadLetter unreadable(byte[] bytes, String reason) {
            return new DeadLetter(null, bytes, reason, List.of(), false);
        }

        /** A request that breaks {@code violations} ({@link dev.meshplane.events.rules.EventRules}). */
        static DeadLetter ruleBroken(PublicationRequested request, List<Violation> violations) {
            return new DeadLetter(
                    request,
                    null,
                    violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                    violations.stream().map(Violation::rule).toList(),
                    false);
        }

        /** The same dead letter without its value, which the broker would not take; the reason says why. */
        DeadLetter withoutValue(String why) {
            return new DeadLetter(request, unreadable, reason + "; the value was dropped: " + why, rules, true);
        }
    }

    /** Nothing to write (a tombstone, a request id already decided): only the request's offset moves on. */
    record Skipped(String why) implements Outcome {}
}
