package dev.meshplane.events.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * How far an event time may lie from the time its record was written: at most {@code maxPast} before it and at most
 * {@code maxFuture} after it. A pipeline's clock may run a little ahead, and a late run may report old data, but a
 * year-9999 or a 1970 stamp is a bug that would empty a baseline, keep a product fresh for ever or breach it at once.
 */
public record EventTimeWindow(Duration maxPast, Duration maxFuture) {

    /** Events may be up to 400 days old (a year of history and some) and at most one day ahead. */
    public static final EventTimeWindow DEFAULT = new EventTimeWindow(Duration.ofDays(400), Duration.ofDays(1));

    public EventTimeWindow {
        Objects.requireNonNull(maxPast, "maxPast");
        Objects.requireNonNull(maxFuture, "maxFuture");
        if (maxPast.isNegative() || maxFuture.isNegative()) {
            throw new IllegalArgumentException(
                    "the event-time window must not be negative: " + maxPast + ", " + maxFuture);
        }
    }
}
