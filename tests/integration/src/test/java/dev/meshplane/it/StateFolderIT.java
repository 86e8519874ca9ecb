package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.testing.TestPlatform.RunningService;
import dev.meshplane.topics.Topics;

/**
 * A replica's state folder checked against the cluster before Kafka Streams opens it (libs/streams StateFolder), on a
 * real broker with the quality service: the folder is marked with the broker's cluster id; state of another layout
 * version is set aside and rebuilt from the changelogs with nothing lost (the product's runs are all back); state of
 * another cluster is refused, the replica does not start, and its log says which clusters and what to do.
 */
class StateFolderIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int RUNS = 5;
    /** The marker libs/streams StateFolder writes into the folder's root. */
    private static final String MARKER = "meshplane-state.properties";

    private static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        platform.startGovernance();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void anotherLayoutIsRebuiltFromTheChangelogsAndAnotherClusterIsRefused() throws Exception {
        Path folder = Files.createTempDirectory("state-folder-it");
        try {
            check(folder.resolve("quality"));
        } finally {
            try (Stream<Path> all = Files.walk(folder)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(Path state) throws Exception {
        Map<String, String> properties = Map.of("kafka-streams.state.dir", state.toString());
        RunningService quality = platform.startService(PlatformService.QUALITY, properties);
        String id = "sales/state-folder-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(platform.publish(Fixtures.example("sales/orders-daily-summary")
                                .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                                .replace("name: orders-daily-summary", "name: " + id.substring("sales/".length())))
                        .getOutcome())
                .isEqualTo(DecisionOutcome.ACCEPTED);
        sendRuns(id);
        String baseline = quality.url() + "/api/v1/baselines/" + id;
        String before = awaitRuns(baseline);
        String clusterId;
        try (Admin admin = Admin.create(platform.harnessClient())) {
            clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
        Path marker = state.resolve(MARKER);
        assertThat(Files.readString(marker)).contains("cluster.id=" + clusterId).contains("layout=1");

        quality.kill();
        Files.writeString(marker, "cluster.id=" + clusterId + "\nlayout=0\n");
        RunningService rebuilt = platform.restart(quality);

        assertThat(awaitRuns(baseline))
                .as("every run is back, from the changelog")
                .isEqualTo(before);
        assertThat(setAside(state))
                .singleElement()
                .satisfies(aside -> assertThat(aside.resolve(MARKER)).content().contains("layout=0"));
        assertThat(Files.readString(marker)).contains("layout=1");
        System.out.printf("another layout: folder set aside, %s rebuilt with %d runs%n", id, RUNS);

        rebuilt.kill();
        Files.writeString(marker, "cluster.id=another-cluster\nlayout=1\n");
        assertThatThrownBy(() -> platform.restart(rebuilt))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited during start-up");
        String log = Files.readString(rebuilt.process().logFile());
        assertThat(log)
                .contains("holds the state of Kafka cluster another-cluster")
                .contains("are cluster " + clusterId)
                .contains("point kafka.bootstrap.servers at its brokers")
                .contains("delete " + state);
        assertThat(Files.readString(marker))
                .as("the refused folder is left as it was")
                .contains("another-cluster");
        System.out.println("another cluster: the replica refused to start and said why");
    }

    private static void sendRuns(String id) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, Object> pipeline =
                new KafkaProducer<>(ClientConfigs.avroProducer(platform.bootstrap(), platform.registryUrl()))) {
            for (int i = 0; i < RUNS; i++) {
                pipeline.send(new ProducerRecord<>(
                                Topics.QUALITY_RESULTS.name(),
                                id,
                                QualityResultReported.newBuilder()
                                        .setProductId(id)
                                        .setRunId("run-" + i)
                                        .setObservedAt(now.minus(Duration.ofHours(RUNS - i)))
                                        .setRowCount(1000 + i)
                                        .setColumns(List.of(new ColumnMetrics("customer_id", 0L, null, null, null)))
                                        .build()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The baseline's body once it counts every run sent. */
    private static String awaitRuns(String url) {
        return Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            var answer = given().get(url);
                            return answer.statusCode() == 200 ? answer.asString() : "";
                        },
                        body -> body.contains("\"count\":" + RUNS));
    }

    private static List<Path> setAside(Path state) throws Exception {
        try (Stream<Path> entries = Files.list(state.getParent())) {
            return entries.filter(p -> p.getFileName().toString().startsWith("quality.set-aside-"))
                    .toList();
        }
    }
}
