package dev.meshplane.it;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import org.awaitility.Awaitility;

/**
 * A bounded input stream at a fixed rate: record {@code i} (0 to count - 1) is sent every {@code every}, on a thread of
 * its own, whatever happens to the service reading it.
 */
final class SteadyStream implements AutoCloseable {

    private final int count;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "steady-stream");
        t.setDaemon(true);
        return t;
    });

    SteadyStream(int count, Duration every, IntConsumer send) {
        this.count = count;
        sender.scheduleAtFixedRate(
                () -> {
                    int i = sent.get();
                    if (i >= count || failure.get() != null) {
                        return;
                    }
                    try {
                        send.accept(i);
                        sent.incrementAndGet();
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** How many have been sent so far. */
    int sent() {
        return sent.get();
    }

    void awaitAllSent(Duration atMost) {
        Awaitility.await().atMost(atMost).until(() -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return sent.get() >= count;
        });
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
