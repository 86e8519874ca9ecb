package dev.meshplane.alerting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.meshplane.events.v1.AlertStateChanged;

/**
 * Delivers alert changes, at least once, destination by destination. Each destination has its own lane: one thread
 * that takes its deliveries in the order they were handed over and retries each (exponential backoff) before the next,
 * so per alert FIRING reaches a destination before RESOLVED, and a destination that fails delays only its own lane.
 * A delivery ends {@link Outcome#delivered() delivered}, or dead after the last attempt or at a refusal no retry can
 * change (a 4xx other than 408 and 429), with the reason; never silently.
 */
public final class Courier implements AutoCloseable {

    /** Sends one message to one destination. */
    public interface Transport {
        /** @throws DeliveryException when it did not arrive; {@link DeliveryException#permanent()}: do not retry */
        void send(RoutingFile.Destination destination, AlertStateChanged alert) throws DeliveryException;
    }

    public static final class DeliveryException extends Exception {
        private final boolean permanent;

        public DeliveryException(String reason, boolean permanent) {
            super(reason);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    /** How a delivery ended: after how many attempts, and why not when it was not delivered. */
    public record Outcome(String destination, String deliveryKey, boolean delivered, int attempts, String reason) {}

    /** Retry n waits {@code first * 2^(n-1)}, at most {@code max}; {@code attempts} in all, the first included. */
    public record Backoff(Duration first, Duration max, int attempts) {

        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 12);

        public Backoff {
            if (attempts < 1 || first.isNegative() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("attempts >= 1 and 0 <= first <= max");
            }
        }

        /** The wait before attempt {@code attempt} (2 is the first retry). */
        public Duration before(int attempt) {
            long factor = 1L << Math.min(30, Math.max(0, attempt - 2));
            long millis = first.toMillis() * factor;
            return millis < 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
        }
    }

    private final Transport transport;
    private final Backoff backoff;
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Courier(Transport transport, Backoff backoff) {
        this.transport = transport;
        this.backoff = backoff;
    }

    /** Hands the delivery to the destination's lane; the future completes when it ends, delivered or dead. */
    public CompletableFuture<Outcome> deliver(RoutingFile.Destination destination, AlertStateChanged alert) {
        if (closed) {
            throw new IllegalStateException("the courier is closed");
        }
        ExecutorService lane = lanes.computeIfAbsent(
                destination.name(),
                name -> Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "alert-lane-" + name);
                    t.setDaemon(true);
                    return t;
                }));
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        Pending pending = new Pending(destination.name(), Messages.deliveryKey(alert), done);
        waiting.add(pending);
        done.whenComplete((outcome, error) -> waiting.remove(pending));
        try {
            lane.execute(() -> done.complete(attempt(destination, alert)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(new Outcome(destination.name(), pending.key(), false, 0, "the courier is closed"));
        }
        return done;
    }

    private record Pending(String destination, String key, CompletableFuture<Outcome> done) {}

    private final java.util.Set<Pending> waiting = ConcurrentHashMap.newKeySet();

    private Outcome attempt(RoutingFile.Destination destination, AlertStateChanged alert) {
        String key = Messages.deliveryKey(alert);
        String reason = null;
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            if (attempt > 1) {
                try {
                    Thread.sleep(backoff.before(attempt).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome(
                            destination.name(), key, false, attempt - 1, "stopped while waiting to retry: " + reason);
                }
            }
            try {
                transport.send(destination, alert);
                return new Outcome(destination.name(), key, true, attempt, null);
            } catch (DeliveryException e) {
                reason = e.getMessage();
                if (e.permanent()) {
                    return new Outcome(destination.name(), key, false, attempt, reason);
                }
            } catch (RuntimeException e) {
                reason = "the transport failed: " + e;
            }
        }
        return new Outcome(
                destination.name(),
                key,
                false,
                backoff.attempts(),
                "gave up after " + backoff.attempts() + " attempts: " + reason);
    }

    /**
     * Stops every lane: a delivery being retried ends as not delivered, and so does each one no lane started (their
     * records are read again after a restart, so nothing is lost).
     */
    @Override
    public void close() {
        closed = true;
        lanes.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService lane : lanes.values()) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Pending p : List.copyOf(waiting)) {
            p.done().complete(new Outcome(p.destination(), p.key(), false, 0, "the courier stopped before trying"));
        }
    }
}
