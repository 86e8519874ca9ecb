package dev.meshplane.bench;

import java.net.URI;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A constant-rate HTTP load from a separate process: requests are issued on a fixed schedule, and each latency is
 * measured from the request's scheduled time, so a server that falls behind shows its queueing (no coordinated
 * omission, up to 32 requests in flight).
 *
 * <p>{@code HttpLoad CATALOG_URL N_PRODUCTS RATE SECONDS} runs GET-one, then search, each at RATE requests/s.
 */
public final class HttpLoad {

    private HttpLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int n = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Random random = new Random(42);
        run(
                "GET one product",
                rate,
                seconds,
                i -> base + "/api/v1/products/" + CatalogLoader.productId(random.nextInt(n)));
        run(
                "search",
                rate,
                seconds,
                i -> base + "/api/v1/search?q="
                        + CatalogLoader.WORDS.get(random.nextInt(CatalogLoader.WORDS.size())) + "+"
                        + CatalogLoader.DOMAINS.get(random.nextInt(CatalogLoader.DOMAINS.size())) + "&limit=20");
    }

    /**
     * Issues {@code rate * seconds} requests on a fixed schedule from 32 worker threads with keep-alive connections
     * (HttpURLConnection). A worker takes the next slot, waits for its scheduled time and measures from it.
     */
    static void run(String label, int rate, int seconds, IntFunction<String> url) throws Exception {
        for (int i = 0; i < rate; i++) { // warm-up: one second's worth, not measured
            get(url.apply(i));
        }
        int total = rate * seconds;
        double[] latencies = new double[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        var pool = Executors.newFixedThreadPool(32);
        for (int w = 0; w < 32; w++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long scheduled = start + i * intervalNanos;
                    long wait = scheduled - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    if (get(url.apply(i)) != 200) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = (System.nanoTime() - scheduled) / 1e6;
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, java.util.concurrent.TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%s at %d req/s for %d s: %d requests in %.1f s (%.0f req/s achieved), %d errors%n",
                label, rate, seconds, total, elapsed, total / elapsed, errors.get());
        System.out.println(label + " latency (from scheduled send time): "
                + Percentiles.of(latencies).format("ms"));
    }

    private static int get(String url) {
        try {
            java.net.HttpURLConnection c =
                    (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            int status = c.getResponseCode();
            try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes(); // drain, so the connection is reused
                }
            }
            return status;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
