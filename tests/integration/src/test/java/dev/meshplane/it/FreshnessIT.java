package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * End to end on the real broker and registry: a product published through governance with a short SLA stops
 * signalling; a subscriber of {@code mesh.alerts.freshness} reads FIRING; the service is killed and restarted (state
 * and alert survive, no second FIRING); a fresh signal brings RESOLVED.
 */
class FreshnessIT {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static TestPlatform platform;

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aProductThatStopsSignallingBreachesAndRecoversAcrossARestart() throws Exception {
        platform = TestPlatform.startSecured(); // freshness as its own account, under the ACLs
        platform.startGovernance();
        Map<String, String> props = Map.of(
                "kafka-streams.state.dir",
                Files.createTempDirectory("freshness-it").toString(),
                // a killed member leaves the group after 6 s instead of 45 s
                "kafka-streams.session.timeout.ms",
                "6000");
        TestPlatform.RunningService freshness = platform.startService(PlatformService.FRESHNESS, props);
        String yaml = Fixtures.example("sales/orders-daily-summary")
                .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                .replace("target: 15m", "target: 2s")
                .replace("alert_after: 30m", "alert_after: 4s");
        assertThat(platform.publish(yaml).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);

        try (KafkaConsumer<String, AlertStateChanged> subscriber = platform.subscriber(Topics.FRESHNESS_ALERTS);
                KafkaProducer<String, FreshnessSignalled> pipeline = new KafkaProducer<>(platform.harnessAuth()
                        .applyTo(ClientConfigs.avroProducer(platform.harnessBootstrap(), platform.registryUrl())))) {
            signal(pipeline, "run-1"); // then the pipeline stops
            platform.sendRaw(Topics.FRESHNESS_SIGNALS.name(), PRODUCT, "not a signal".getBytes(StandardCharsets.UTF_8));

            List<AlertStateChanged> seen = new ArrayList<>();
            TestPlatform.awaitValues(subscriber, seen, 1, Duration.ofSeconds(90));
            assertThat(seen).singleElement().satisfies(a -> {
                assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#freshness");
                assertThat(a.getOwner()).isEqualTo("sales-data@company.com");
                assertThat(a.getOncall()).isEqualTo("jane.doe@company.com");
                assertThat(a.getDetails()).containsKeys("deadline", "dataUpdatedAt");
            });
            given().get(freshness.url() + "/api/v1/freshness/" + PRODUCT)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("BREACHED"));

            freshness.kill();
            freshness = platform.startService(PlatformService.FRESHNESS, props);
            String url = freshness.url();
            Awaitility.await() // 503 while the restarted instance restores its state
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            given().get(url + "/api/v1/freshness/" + PRODUCT).statusCode() == 200);
            given().get(url + "/api/v1/freshness/" + PRODUCT).then().body("status", equalTo("BREACHED"));
            // Ticks after the restart: the breach is remembered, not alerted again (no new alert for 3 s).
            Awaitility.await()
                    .pollInSameThread()
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        subscriber.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
                        return seen.size() == 1;
                    });
            assertThat(seen).hasSize(1);

            signal(pipeline, "run-2");
            TestPlatform.awaitValues(subscriber, seen, 2, Duration.ofSeconds(90));
            assertThat(seen.get(1).getState()).isEqualTo(AlertState.RESOLVED);
            assertThat(seen.get(1).getDetails()).containsEntry("runId", "run-2");
            given().get(url + "/api/v1/freshness/" + PRODUCT)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("FRESH"));
        }
        assertThat(platform.awaitDeadLetters(
                        r -> Topics.FRESHNESS_SIGNALS.name().equals(TestPlatform.deadLetterSource(r)),
                        Duration.ofSeconds(30)))
                .isNotEmpty();
    }

    private static void signal(KafkaProducer<String, FreshnessSignalled> pipeline, String runId) {
        pipeline.send(new ProducerRecord<>(
                Topics.FRESHNESS_SIGNALS.name(),
                PRODUCT,
                FreshnessSignalled.newBuilder()
                        .setProductId(PRODUCT)
                        .setDataUpdatedAt(Instant.now())
                        .setRunId(runId)
                        .setEmittedAt(Instant.now())
                        .build()));
        pipeline.flush();
    }
}
