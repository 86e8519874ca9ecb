package dev.meshplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.meshplane.client.KafkaAuth;

/**
 * Approve -> first successful read, and revoke -> first refused read, against the running local platform (after
 * {@code ./demo}: {@code sales/orders-daily-summary} is published and its topic holds rows). Each round: Carlos asks
 * for team customers over governance's HTTP API, Sara approves; one consumer of Carlos's, assigned the product's
 * partitions, polls every 20 ms until it gets records; Sara revokes; the same consumer polls until the broker refuses
 * it. The times are from the HTTP answer to the poll that saw the change.
 *
 * <pre>java ... AccessBench GOVERNANCE_URL BOOTSTRAP TOKEN_URL ROUNDS</pre>
 */
public final class AccessBench {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final String TOPIC = "sales.orders-daily-summary.v1";
    private static final String PASSWORD = "mesh-local-only";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AccessBench() {}

    public static void main(String[] args) throws Exception {
        String governance = args[0];
        String bootstrap = args[1];
        String tokenUrl = args[2];
        int rounds = Integer.parseInt(args[3]);
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put("key.deserializer", ByteArrayDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        c.put("max.poll.records", 1);
        KafkaAuth.bearer(() -> token(tokenUrl, "carlos.owner")).applyTo(c);
        revokeIfGranted(governance, tokenUrl);
        double[] granted = new double[rounds];
        double[] refused = new double[rounds];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0));
            consumer.assign(partitions);
            for (int i = 0; i < rounds; i++) {
                String carlos = token(tokenUrl, "carlos.owner");
                String sara = token(tokenUrl, "sara.owner");
                String body =
                        "{\"product\":\"" + PRODUCT + "\",\"team\":\"customers\",\"reason\":\"bench\",\"until\":\""
                                + Instant.now().plus(Duration.ofDays(1)) + "\"}";
                String asked = call("POST", governance + "/api/v1/access/requests", carlos, body, 201);
                Matcher id = ID.matcher(asked);
                if (!id.find()) {
                    throw new IllegalStateException("no request id in " + asked);
                }
                long t0 = System.nanoTime();
                call("POST", governance + "/api/v1/access/requests/" + id.group(1) + "/approve", sara, "{}", 200);
                granted[i] = awaitRead(consumer, partitions, t0, true);
                t0 = System.nanoTime();
                call(
                        "DELETE",
                        governance + "/api/v1/access/products/" + PRODUCT + "/grants/customers",
                        sara,
                        null,
                        200);
                refused[i] = awaitRead(consumer, partitions, t0, false);
            }
        }
        System.out.printf(
                "approve -> first read:    %s%n", Percentiles.of(granted).format("ms"));
        System.out.printf(
                "revoke -> first refusal:  %s%n", Percentiles.of(refused).format("ms"));
    }

    /** Milliseconds from {@code t0} until a poll returns records ({@code read}) or is refused (not {@code read}). */
    private static double awaitRead(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long t0, boolean read) {
        long deadline = t0 + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (read) {
                    consumer.seekToBeginning(partitions);
                }
                boolean got = !consumer.poll(Duration.ofMillis(20)).isEmpty();
                if (read && got) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                if (!read) {
                    consumer.seekToBeginning(partitions);
                }
            } catch (TopicAuthorizationException e) {
                if (!read) {
                    return (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        throw new IllegalStateException((read ? "no read" : "no refusal") + " within 60 s");
    }

    private static void revokeIfGranted(String governance, String tokenUrl) throws Exception {
        HttpResponse<String> r = send(
                "DELETE",
                governance + "/api/v1/access/products/" + PRODUCT + "/grants/customers",
                token(tokenUrl, "sara.owner"),
                null);
        if (r.statusCode() != 200 && r.statusCode() != 404) {
            throw new IllegalStateException("cleaning up the customers grant: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static String call(String method, String url, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = send(method, url, token, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A person's access token from the seeded realm (the CLI's public client, password grant). */
    static String token(String tokenUrl, String person) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tokenUrl))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=mesh-cli"
                                    + "&scope=openid&username=" + person + "&password=" + PASSWORD))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = ACCESS_TOKEN.matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("no token for " + person + ": HTTP " + r.statusCode());
            }
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no token from " + tokenUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
