package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * End to end on the real broker and registry: a product published through governance, quality results for it, and
 * the alert a subscriber of {@code mesh.alerts.quality} reads when its volume drops.
 */
class QualityIT {

    private static TestPlatform platform;

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aVolumeDropOfAPublishedProductReachesAnAlertSubscriber() throws Exception {
        platform = TestPlatform.startSecured(); // quality and governance as their own accounts, under the ACLs
        platform.startGovernance();
        TestPlatform.RunningService quality = platform.startService(
                PlatformService.QUALITY,
                Map.of(
                        "kafka-streams.state.dir",
                        Files.createTempDirectory("quality-it").toString()));
        String yaml = Fixtures.example("sales/orders-daily-summary")
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
        assertThat(platform.publish(yaml).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);

        try (KafkaConsumer<String, AlertStateChanged> subscriber = platform.subscriber(Topics.QUALITY_ALERTS);
                KafkaProducer<String, QualityResultReported> pipeline = pipeline()) {
            // A week ago: event times must lie within the window around now that the value rules accept.
            Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7));
            for (int i = 0; i < 6; i++) { // a steady week, then a run 35% down
                long rows = i < 5 ? 1000 : 650;
                pipeline.send(new ProducerRecord<>(
                        Topics.QUALITY_RESULTS.name(),
                        "sales/orders-daily-summary",
                        QualityResultReported.newBuilder()
                                .setProductId("sales/orders-daily-summary")
                                .setRunId("run-" + i)
                                .setObservedAt(day0.plus(Duration.ofDays(i)))
                                .setRowCount(rows)
                                .setColumns(List.of(new ColumnMetrics("customer_id", 0L, null, null, null)))
                                .build()));
            }
            pipeline.flush();
            platform.sendRaw(
                    Topics.QUALITY_RESULTS.name(),
                    "sales/orders-daily-summary",
                    "not a quality result".getBytes(StandardCharsets.UTF_8));

            List<AlertStateChanged> seen = new ArrayList<>();
            TestPlatform.awaitValues(subscriber, seen, 1, Duration.ofSeconds(60));
            assertThat(seen).singleElement().satisfies(a -> {
                assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                assertThat(a.getAlertId()).isEqualTo("sales/orders-daily-summary#row_count_delta:*");
                assertThat(a.getOncall()).isEqualTo("jane.doe@company.com");
            });
        }
        assertThat(platform.awaitDeadLetters(
                        r -> Topics.QUALITY_RESULTS.name().equals(TestPlatform.deadLetterSource(r)),
                        Duration.ofSeconds(30)))
                .isNotEmpty();
        given().get(quality.url() + "/api/v1/baselines/sales/orders-daily-summary")
                .then()
                .statusCode(200)
                .body("count", equalTo(6))
                .body("failingChecks[0]", equalTo("row_count_delta:*"));
    }

    private static KafkaProducer<String, QualityResultReported> pipeline() {
        return new KafkaProducer<>(platform.harnessAuth()
                .applyTo(ClientConfigs.avroProducer(platform.harnessBootstrap(), platform.registryUrl())));
    }
}
