package dev.meshplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;

/**
 * Deliveries over real HTTP to receivers on loopback (the JDK's HTTP server): one that records, one that fails until
 * the test lets it recover, one that refuses. What the receivers record is asserted, never how long anything took.
 */
class CourierTest {

    static final String SECRET = "s3cret";
    static final Courier.Backoff FAST = new Courier.Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 200);

    private final List<HttpServer> servers = new ArrayList<>();
    private Courier courier;

    /** A receiver on a free port: what it was sent (signature, delivery header, body), and its answer. */
    final class Receiver {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<String> signatures = new CopyOnWriteArrayList<>();
        final List<String> deliveries = new CopyOnWriteArrayList<>();
        final AtomicInteger refused = new AtomicInteger();
        volatile int status = 200;
        final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int answer = status;
                if (answer == 200) {
                    bodies.add(new String(body, StandardCharsets.UTF_8));
                    signatures.add(exchange.getRequestHeaders().getFirst(Messages.SIGNATURE_HEADER));
                    deliveries.add(exchange.getRequestHeaders().getFirst(Messages.DELIVERY_HEADER));
                } else {
                    refused.incrementAndGet();
                }
                byte[] said = (answer == 200 ? "ok" : "not now").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer, said.length);
                exchange.getResponseBody().write(said);
                exchange.close();
            });
            server.start();
            servers.add(server);
        }

        RoutingFile.Destination webhook(String name) {
            return new RoutingFile.Destination(
                    name,
                    RoutingFile.Type.WEBHOOK,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                    "${HOOK_SECRET}",
                    null,
                    List.of());
        }
    }

    @AfterEach
    void stop() {
        if (courier != null) {
            courier.close();
        }
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void aFailingDestinationCatchesUpInOrderWithoutDelayingTheOthers() throws Exception {
        Receiver healthy = new Receiver();
        Receiver failing = new Receiver();
        failing.status = 503;
        courier = new Courier(new HttpTransport(Map.of("HOOK_SECRET", SECRET), Duration.ofSeconds(5)), FAST);
        List<AlertStateChanged> changes = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // five alerts, each FIRING then RESOLVED
            String product = "sales/p" + (i / 2);
            changes.add(Alerts.of(
                    product,
                    AlertKind.QUALITY,
                    i % 2 == 0 ? AlertState.FIRING : AlertState.RESOLVED,
                    "row_count:*",
                    i));
        }
        List<CompletableFuture<Courier.Outcome>> toHealthy = new ArrayList<>();
        List<CompletableFuture<Courier.Outcome>> toFailing = new ArrayList<>();
        for (AlertStateChanged c : changes) {
            toFailing.add(courier.deliver(failing.webhook("failing"), c));
            toHealthy.add(courier.deliver(healthy.webhook("healthy"), c));
        }
        // every change reaches the healthy receiver while the other still refuses each attempt
        CompletableFuture.allOf(toHealthy.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(healthy.bodies).hasSize(10);
        assertThat(failing.bodies).isEmpty();
        assertThat(toFailing).noneMatch(CompletableFuture::isDone);
        assertThat(failing.refused.get()).isPositive();

        failing.status = 200; // the receiver recovers: the lane delivers everything it held, in order
        CompletableFuture.allOf(toFailing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(toFailing).allSatisfy(f -> assertThat(f.get().delivered()).isTrue());
        assertThat(toFailing.get(0).get().attempts()).isGreaterThan(1);
        List<String> expected = changes.stream().map(Messages::deliveryKey).toList();
        assertThat(failing.deliveries).containsExactlyElementsOf(expected); // FIRING before RESOLVED, per alert
        assertThat(healthy.deliveries).containsExactlyElementsOf(expected);
        // each body is signed with the secret from the environment
        for (int i = 0; i < healthy.bodies.size(); i++) {
            assertThat(healthy.signatures.get(i))
                    .isEqualTo(Messages.signature(SECRET, healthy.bodies.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(new ObjectMapper()
                        .readTree(healthy.bodies.get(1))
                        .get("state")
                        .asText())
                .isEqualTo("RESOLVED");
    }

    @Test
    void aRefusalOrAnUnreachableReceiverEndsDeadWithTheReasonAndNoSecret() throws Exception {
        Receiver refusing = new Receiver();
        refusing.status = 400;
        courier = new Courier(
                new HttpTransport(Map.of("HOOK_SECRET", SECRET), Duration.ofSeconds(2)),
                new Courier.Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 3));
        var alert = Alerts.of("sales/p", AlertKind.QUALITY, AlertState.FIRING, "row_count:*", 1);
        Courier.Outcome refused =
                courier.deliver(refusing.webhook("refusing"), alert).get(30, TimeUnit.SECONDS);
        assertThat(refused.delivered()).isFalse();
        assertThat(refused.attempts()).isEqualTo(1); // a 400 is not retried: the same body would be refused again
        assertThat(refused.reason()).isEqualTo("refusing: HTTP 400 not now");

        int port = refusing.server.getAddress().getPort();
        refusing.server.stop(0);
        Courier.Outcome unreachable = courier.deliver(
                        new RoutingFile.Destination(
                                "gone",
                                RoutingFile.Type.WEBHOOK,
                                "http://127.0.0.1:" + port,
                                "${HOOK_SECRET}",
                                null,
                                List.of()),
                        alert)
                .get(30, TimeUnit.SECONDS);
        assertThat(unreachable.delivered()).isFalse();
        assertThat(unreachable.attempts()).isEqualTo(3);
        assertThat(unreachable.reason())
                .startsWith("gave up after 3 attempts: gone: unreachable")
                .doesNotContain(SECRET);
    }

    @Test
    void theBackoffDoublesUpToItsCeiling() {
        Courier.Backoff b = new Courier.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 10);
        assertThat(List.of(b.before(2), b.before(3), b.before(4), b.before(6), b.before(7), b.before(40)))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @Test
    void aClosedCourierEndsWaitingDeliveriesAsNotDelivered() throws Exception {
        Receiver failing = new Receiver();
        failing.status = 503;
        courier = new Courier(new HttpTransport(Map.of("HOOK_SECRET", SECRET), Duration.ofSeconds(2)), FAST);
        var pending = courier.deliver(
                failing.webhook("failing"),
                Alerts.of("sales/p", AlertKind.QUALITY, AlertState.FIRING, "row_count:*", 1));
        CountDownLatch tried = new CountDownLatch(1);
        while (failing.refused.get() == 0) {
            tried.await(10, TimeUnit.MILLISECONDS);
        }
        courier.close();
        Courier.Outcome outcome = pending.get(30, TimeUnit.SECONDS);
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.reason()).startsWith("stopped while waiting to retry");
    }
}
