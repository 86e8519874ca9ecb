package dev.meshplane.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Asks a service's readiness every 50 ms, on a thread of its own, from before it listens until closed. Each time it
 * answers UP, {@code answersCorrectly} is asked at once; an answer other than null is a broken promise: the service
 * said it could serve and then did not answer correctly.
 */
final class ReadinessWatch implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final List<String> broken = new CopyOnWriteArrayList<>();
    private final AtomicInteger down = new AtomicInteger();
    private final AtomicInteger up = new AtomicInteger();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "readiness-watch");
        t.setDaemon(true);
        return t;
    });

    /** {@code answersCorrectly}: null when the service answered as it should, else what was wrong. */
    ReadinessWatch(String serviceUrl, Supplier<String> answersCorrectly) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(serviceUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        watcher.scheduleWithFixedDelay(
                () -> {
                    if (isUp(ready)) {
                        up.incrementAndGet();
                        String wrong = answersCorrectly.get();
                        if (wrong != null) {
                            broken.add(wrong);
                        }
                    } else {
                        down.incrementAndGet();
                    }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
    }

    /** What the service answered wrongly while it said it was ready. */
    List<String> broken() {
        return List.copyOf(broken);
    }

    int downAnswers() {
        return down.get();
    }

    int upAnswers() {
        return up.get();
    }

    /** The status of a GET, or -1 when the service does not answer (not listening yet). */
    static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean isUp(HttpRequest ready) {
        try {
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        try {
            watcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
