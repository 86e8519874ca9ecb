package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * The platform on a three-broker KRaft cluster, secured as everywhere else: every topic the platform creates — its
 * own, a product's output topic, Kafka Streams' internal ones, the offsets and transaction logs — has three replicas
 * and needs two in sync; with one broker killed (SIGKILL) governance still decides, the catalog still shows the
 * decision, and the broker comes back into every partition's in-sync replicas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestPlatform platform;
    private static TestPlatform.RunningService catalog;
    private static Admin admin;

    @BeforeAll
    static void startThreeBrokersAndTheServices() {
        platform = TestPlatform.startSecured(3);
        platform.startIdentity();
        platform.startGovernance();
        catalog = platform.startService(PlatformService.CATALOG, Map.of());
        platform.startService(PlatformService.QUALITY, Map.of());
        admin = Admin.create(platform.harnessClient());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        platform.close();
    }

    @Test
    @Order(1)
    void everyTopicHasThreeReplicasAndNeedsTwoInSync() throws Exception {
        PolicyDecided decided = platform.publish(descriptor("orders-replicated"));
        assertThat(decided.getOutcome()).as(decided.toString()).isEqualTo(DecisionOutcome.ACCEPTED);

        List<String> topics = new ArrayList<>();
        Topics.ALL.stream().map(MeshTopic::name).forEach(topics::add);
        topics.add(decided.getOutputTopic());
        topics.add("__consumer_offsets");
        topics.add("__transaction_state"); // quality's exactly-once producers have created it by now
        List<String> streamsInternal = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith("meshplane-quality-"))
                .toList();
        assertThat(streamsInternal).as("quality's changelog topics").isNotEmpty();
        topics.addAll(streamsInternal);

        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                assertThat(p.replicas())
                        .as(d.name() + "-" + p.partition() + " replicas")
                        .hasSize(3);
            }
        }
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS);
        configs.forEach((r, c) -> assertThat(c.get("min.insync.replicas").value())
                .as(r.name() + " min.insync.replicas")
                .isEqualTo("2"));
        System.out.printf("%d topics, each partition on 3 brokers, min.insync.replicas 2%n", described.size());
    }

    @Test
    @Order(2)
    void withABrokerKilledGovernanceDecidesAndTheCatalogShowsItThenTheBrokerCatchesUp() throws Exception {
        long killedAt = System.nanoTime();
        platform.killBroker(2);

        PolicyDecided decided = platform.publish(descriptor("orders-one-broker-down"));
        assertThat(decided.getOutcome()).as(decided.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        System.out.printf(
                "broker 2 killed -> a publication decided: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(catalog.url() + "/api/v1/products/" + decided.getProductId())
                        .then()
                        .statusCode(200)
                        .body("summary.status", equalTo("PUBLISHED")));
        assertThat(inSync(decided.getOutputTopic()))
                .as("the topic created while broker 2 was down still has three replicas, two in sync")
                .allSatisfy(p -> {
                    assertThat(p.replicas()).hasSize(3);
                    assertThat(p.isr()).hasSize(2);
                });

        platform.restartBroker(2);
        long restartedAt = System.nanoTime();
        Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(inSync(decided.getOutputTopic()))
                        .allSatisfy(p -> assertThat(p.isr()).hasSize(3)));
        System.out.printf(
                "broker 2 back in every in-sync replica set of %s: %d ms after its start%n",
                decided.getOutputTopic(), (System.nanoTime() - restartedAt) / 1_000_000);
    }

    private static Collection<TopicPartitionInfo> inSync(String topic) throws Exception {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(15, TimeUnit.SECONDS)
                .get(topic)
                .partitions();
    }

    private static String descriptor(String name) {
        return Fixtures.example("sales/orders-daily-summary")
                .replace(
                        "name: orders-daily-summary",
                        "name: " + name + "-" + UUID.randomUUID().toString().substring(0, 6))
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
    }
}
