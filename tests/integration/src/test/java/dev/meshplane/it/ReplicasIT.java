package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.response.Response;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.testing.TestPlatform.RunningService;
import dev.meshplane.topics.Topics;

/**
 * Two replicas of quality and two of freshness: each product's state lives in the replica whose task holds its
 * partition, and a read of it is answered by either replica, the other one forwarding it ({@code KeyOwners}). The
 * products are chosen two per partition of the three, so both replicas hold some. Then one replica of each is killed
 * (SIGKILL) and the survivor answers for every product.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 3;
    /** The header a forwarded answer carries (libs/streams KeyOwners), naming the replica that answered. */
    private static final String ANSWERED_BY = "Meshplane-Answered-By";

    private static TestPlatform platform;
    private static final List<String> products = new ArrayList<>();
    private static final Map<PlatformService, List<RunningService>> replicas = new HashMap<>();

    @BeforeAll
    static void twoReplicasOfQualityAndFreshnessAndTwoProductsPerPartition() throws Exception {
        platform = TestPlatform.start();
        platform.startGovernance();
        for (PlatformService s : List.of(PlatformService.QUALITY, PlatformService.FRESHNESS)) {
            replicas.put(s, List.of(platform.startService(s, Map.of()), platform.startService(s, Map.of())));
        }
        int[] perPartition = new int[PARTITIONS];
        while (products.size() < 2 * PARTITIONS) {
            String id = "sales/replicas-" + UUID.randomUUID().toString().substring(0, 8);
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[p] < 2) {
                perPartition[p]++;
                products.add(id);
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, Object> pipeline =
                new KafkaProducer<>(ClientConfigs.avroProducer(platform.bootstrap(), platform.registryUrl()))) {
            for (String id : products) {
                String name = id.substring(id.indexOf('/') + 1);
                assertThat(platform.publish(Fixtures.example("sales/orders-daily-summary")
                                        .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                                        .replace("name: orders-daily-summary", "name: " + name))
                                .getOutcome())
                        .isEqualTo(DecisionOutcome.ACCEPTED);
                pipeline.send(new ProducerRecord<>(
                                Topics.QUALITY_RESULTS.name(),
                                id,
                                QualityResultReported.newBuilder()
                                        .setProductId(id)
                                        .setRunId("run-1")
                                        .setObservedAt(now.minus(Duration.ofHours(1)))
                                        .setRowCount(1000)
                                        .setColumns(List.of(new ColumnMetrics("customer_id", 0L, null, null, null)))
                                        .build()))
                        .get(30, TimeUnit.SECONDS);
                pipeline.send(new ProducerRecord<>(
                                Topics.FRESHNESS_SIGNALS.name(),
                                id,
                                FreshnessSignalled.newBuilder()
                                        .setProductId(id)
                                        .setDataUpdatedAt(now.minus(Duration.ofMinutes(1)))
                                        .setRunId("run-1")
                                        .setEmittedAt(now)
                                        .build()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void eitherReplicaAnswersForEveryProductAndForwardsWhatTheOtherHolds() {
        for (PlatformService service : replicas.keySet()) {
            List<RunningService> both = replicas.get(service);
            Map<String, String> bodies = new HashMap<>();
            int[] forwarded = new int[both.size()];
            for (String id : products) {
                for (int r = 0; r < both.size(); r++) {
                    String url = both.get(r).url() + path(service, id);
                    Response answer = Awaitility.await()
                            .atMost(WAIT)
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> given().get(url), a -> a.statusCode() == 200);
                    String other = both.get(1 - r).url().replace("http://", "");
                    String by = answer.getHeader(ANSWERED_BY);
                    if (by != null) {
                        assertThat(by).as("forwarded to the other replica").isEqualTo(other);
                        forwarded[r]++;
                    }
                    String body = comparable(answer.asString());
                    String first = bodies.putIfAbsent(id, body);
                    assertThat(body)
                            .as(service.serviceName() + " " + id + " from both replicas")
                            .isEqualTo(first == null ? body : first);
                }
            }
            System.out.printf(
                    "%s: %d products, answered by both replicas; forwarded by replica 1: %d, by replica 2: %d%n",
                    service.serviceName(), products.size(), forwarded[0], forwarded[1]);
            assertThat(forwarded[0] + forwarded[1])
                    .as("each product answered once where it lives and once forwarded")
                    .isEqualTo(products.size());
            assertThat(forwarded[0]).as("replica 2 holds some products").isPositive();
            assertThat(forwarded[1]).as("replica 1 holds some products").isPositive();
        }
    }

    @Test
    @Order(2)
    void withOneReplicaKilledTheOtherAnswersForEveryProduct() {
        for (PlatformService service : replicas.keySet()) {
            RunningService killed = replicas.get(service).get(1);
            RunningService survivor = replicas.get(service).get(0);
            long killedAt = System.nanoTime();
            killed.kill();
            Awaitility.await()
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> products.stream().allMatch(id -> {
                        Response a = given().get(survivor.url() + path(service, id));
                        return a.statusCode() == 200 && a.getHeader(ANSWERED_BY) == null;
                    }));
            System.out.printf(
                    "%s: replica 2 killed -> replica 1 answers every product from its own stores: %d ms%n",
                    service.serviceName(), (System.nanoTime() - killedAt) / 1_000_000);
        }
    }

    private static String path(PlatformService service, String id) {
        return (service == PlatformService.QUALITY ? "/api/v1/baselines/" : "/api/v1/freshness/") + id;
    }

    /** The answer without what changes from one second to the next (freshness's age and compliance). */
    private static String comparable(String body) {
        return body.replaceAll("\"age\":[0-9.E-]+", "").replaceAll("\"compliance30d\":[0-9.E-]+", "");
    }
}
