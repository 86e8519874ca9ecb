package dev.meshplane.governance.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * Runs a step of handling a request until it gets past a dependency outage: after each
 * {@link DependencyUnavailableException} it waits (doubling from the initial pause up to the maximum) and tries again,
 * for as long as the outage lasts. An outage delays decisions; it never loses a request or dead-letters it. Any other
 * failure is about the request and goes straight to the caller. While a step waits, {@link #outage()} says for what,
 * so readiness reports it. A batch's requests are decided in parallel, so several steps may wait at once for the same
 * outage: {@link #outage()} reports the one that failed last.
 */
@ApplicationScoped
public class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Outage outage;

    public Retries(GovernanceConfig config) {
        this.initialBackoff = config.retry().initialBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    /** A step waiting for a dependency: what it does, the last failure, since when and how many tries so far. */
    public record Outage(String step, String reason, Instant since, int attempts) {}

    /** Thrown out of {@link #untilDone} when the service stops during an outage: the request is left unwritten. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("the service is stopping", null, false, false);
        }
    }

    public Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }

    /** Runs {@code action} until it returns; {@code step} names it in logs and in {@link #outage()}. */
    <T> T untilDone(String step, Supplier<T> action) {
        Duration pause = initialBackoff;
        Instant since = null;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = action.get();
                if (since != null) {
                    LOG.infof("%s succeeded on try %d, %d s after the first failure", step, attempt, seconds(since));
                    outage = null;
                }
                return result;
            } catch (DependencyUnavailableException e) {
                since = since == null ? Instant.now() : since;
                outage = new Outage(step, e.getMessage(), since, attempt);
                LOG.warnf(
                        "%s failed (try %d), trying again in %d ms: %s",
                        step, attempt, pause.toMillis(), e.getMessage());
                await(pause);
                pause = pause.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : pause.multipliedBy(2);
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    private void await(Duration pause) {
        try {
            if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    private static long seconds(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds();
    }
}
