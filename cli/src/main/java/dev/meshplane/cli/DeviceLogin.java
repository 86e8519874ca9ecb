package dev.meshplane.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Polls the token endpoint while the user confirms a device login in a browser (RFC 8628 §3.4, §3.5): every
 * {@code interval} seconds (5 when the provider gives none), 5 s slower after each {@code slow_down}, until tokens,
 * {@code expired_token}, {@code access_denied} or the caller's deadline.
 */
final class DeviceLogin {

    /** How the wait ends; only {@link #LOGGED_IN} carries tokens. */
    enum Outcome {
        LOGGED_IN,
        /** The caller's deadline passed; the code may still be valid. */
        TIMED_OUT,
        EXPIRED,
        DENIED
    }

    record Result(Outcome outcome, OidcProvider.Tokens tokens, Instant sentAt, long finalInterval) {}

    /** Waits; the real one is {@code Thread::sleep}, tests move a clock instead. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final long DEFAULT_INTERVAL = 5;
    static final long SLOW_DOWN_STEP = 5;

    private DeviceLogin() {}

    static Result await(
            OidcProvider provider, TokenStore.PendingDevice device, Instant deadline, Clock clock, Sleeper sleeper) {
        long interval = device.interval() > 0 ? device.interval() : DEFAULT_INTERVAL;
        try {
            while (true) {
                Instant now = clock.instant();
                if (!now.isBefore(device.expiresAt())) {
                    return new Result(Outcome.EXPIRED, null, now, interval);
                }
                Instant next = now.plusSeconds(interval);
                if (next.isAfter(deadline)) {
                    if (now.isBefore(deadline)) {
                        sleeper.sleep(Duration.between(now, deadline));
                    }
                    Instant end = clock.instant();
                    return new Result(
                            end.isBefore(device.expiresAt()) ? Outcome.TIMED_OUT : Outcome.EXPIRED,
                            null,
                            end,
                            interval);
                }
                sleeper.sleep(Duration.ofSeconds(interval));
                Instant sentAt = clock.instant();
                try {
                    return new Result(
                            Outcome.LOGGED_IN,
                            provider.deviceToken(device.clientId(), device.deviceCode()),
                            sentAt,
                            interval);
                } catch (OidcProvider.Refused e) {
                    switch (e.error.error()) {
                        case "authorization_pending" -> {
                            // the user has not confirmed yet
                        }
                        case "slow_down" -> interval += SLOW_DOWN_STEP;
                        case "expired_token" -> {
                            return new Result(Outcome.EXPIRED, null, sentAt, interval);
                        }
                        case "access_denied" -> {
                            return new Result(Outcome.DENIED, null, sentAt, interval);
                        }
                        default ->
                            throw new LoginException("the provider at " + provider.issuer()
                                    + " refused the device login (HTTP " + e.status
                                    + (e.error.error().isEmpty() ? "" : ", " + e.error.error()) + ")" + e.error.said()
                                    + ": run 'mesh login' again");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("interrupted while waiting for the device login");
        }
    }
}
