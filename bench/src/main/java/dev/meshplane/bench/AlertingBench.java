package dev.meshplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.topics.Topics;

/**
 * Alert delivery on the local platform: alert changes written to {@code mesh.alerts.quality}, received by the demo
 * inbox's webhook (deploy/local/alert-routing.yaml routes every alert there). Two runs:
 *
 * <ol>
 *   <li>latency: {@code rate} alerts a second for {@code seconds}, each FIRING then RESOLVED; from the alert's
 *       {@code changedAt} (stamped just before it is sent) to the inbox's receipt, both on this machine's clock;
 *   <li>throughput: {@code burst} alerts written at once (FIRING and RESOLVED each): deliveries a second from the
 *       first write to the last receipt, one instance, one webhook destination (its deliveries are in order, one at a
 *       time).
 * </ol>
 *
 * Args: bootstrap registryUrl inboxUrl rate seconds burst
 */
public final class AlertingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        String inbox = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int burst = Integer.parseInt(args[5]);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> config = BenchKafka.operator(ClientConfigs.avroProducer(bootstrap, registry));
        config.put("linger.ms", 1);
        try (KafkaProducer<String, AlertStateChanged> producer = new KafkaProducer<>(config)) {
            // warm-up: the registry lookups, the producer's metadata, the service's first delivery
            send(producer, "bench-" + run + "/warmup", AlertState.FIRING);
            send(producer, "bench-" + run + "/warmup", AlertState.RESOLVED);
            await(inbox, "bench-" + run + "/warmup", 2, Duration.ofSeconds(60));

            String latencyDomain = "bench-" + run + "-latency";
            int n = rate * seconds;
            long pause = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String product = latencyDomain + "/p" + i;
                send(producer, product, AlertState.FIRING);
                send(producer, product, AlertState.RESOLVED);
                next += pause;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            List<JsonNode> got = await(inbox, latencyDomain + "/", 2 * n, Duration.ofSeconds(120));
            double[] ms = new double[got.size()];
            for (int i = 0; i < got.size(); i++) {
                JsonNode h = got.get(i);
                Instant changed = Instant.parse(h.path("body").path("changedAt").asText());
                Instant received = Instant.parse(h.path("receivedAt").asText());
                ms[i] = Duration.between(changed, received).toNanos() / 1e6;
            }
            System.out.printf(
                    "alert event -> webhook received, %d alerts/s for %d s (%d deliveries): %s%n",
                    rate, seconds, got.size(), Percentiles.of(ms).format("ms"));

            String burstDomain = "bench-" + run + "-burst";
            long t0 = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                send(producer, burstDomain + "/p" + i, AlertState.FIRING);
                send(producer, burstDomain + "/p" + i, AlertState.RESOLVED);
            }
            producer.flush();
            double written = (System.nanoTime() - t0) / 1e9;
            List<JsonNode> all = await(inbox, burstDomain + "/", 2 * burst, Duration.ofSeconds(600));
            Instant last = all.stream()
                    .map(h -> Instant.parse(h.path("receivedAt").asText()))
                    .max(Instant::compareTo)
                    .orElseThrow();
            Instant first = all.stream()
                    .map(h -> Instant.parse(h.path("body").path("changedAt").asText()))
                    .min(Instant::compareTo)
                    .orElseThrow();
            double took = Duration.between(first, last).toNanos() / 1e9;
            System.out.printf(
                    "burst of %d alert changes (written in %.2f s): all delivered in %.2f s = %.0f deliveries/s%n",
                    2 * burst, written, took, 2 * burst / took);
        }
    }

    private static void send(KafkaProducer<String, AlertStateChanged> producer, String product, AlertState state) {
        producer.send(new ProducerRecord<>(
                Topics.QUALITY_ALERTS.name(),
                product,
                AlertStateChanged.newBuilder()
                        .setAlertId(product + "#bench")
                        .setProductId(product)
                        .setKind(AlertKind.QUALITY)
                        .setState(state)
                        .setSummary("bench " + state.name().toLowerCase())
                        .setOwner("bench@company.com")
                        .setOncall("bench@company.com")
                        .setCheckId("bench")
                        .setChangedAt(Instant.now())
                        .setDetails(new HashMap<>())
                        .build()));
    }

    /** The inbox's webhook deliveries of products under {@code prefix}, once there are {@code count} distinct. */
    private static List<JsonNode> await(String inbox, String prefix, int count, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            JsonNode hooks = JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(URI.create(inbox + "/hooks")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            Map<String, JsonNode> byKey = new HashMap<>();
            for (JsonNode h : hooks) {
                if (h.path("body").path("productId").asText().startsWith(prefix)) {
                    byKey.putIfAbsent(h.path("deliveryKey").asText(), h);
                }
            }
            if (byKey.size() >= count) {
                return new ArrayList<>(byKey.values());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + byKey.size() + " of " + count + " deliveries reached the inbox in " + atMost);
            }
            Thread.sleep(500);
        }
    }
}
