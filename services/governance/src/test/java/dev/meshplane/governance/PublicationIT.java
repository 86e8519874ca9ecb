package dev.meshplane.governance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.governance.domain.UndecidableRequestException;
import dev.meshplane.governance.registry.KafkaTopicAdmin;
import dev.meshplane.testing.RealKafkaAndRegistry;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/** Publication end to end on a real broker and registry: request in, decision and provisioning out. */
@QuarkusTest
@QuarkusTestResource(value = RealKafkaAndRegistry.class, restrictToAnnotatedClass = true)
class PublicationIT {

    private static final String EXAMPLE = Fixtures.example("sales/orders-daily-summary");
    private static final String SPARSE = Fixtures.read("descriptors/sparse-example.yaml");
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(20);

    TestPlatform platform;

    @Inject
    KafkaTopicAdmin topicAdmin;

    private static PublicationClient client;

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private PublicationClient client() {
        if (client == null) {
            client = new PublicationClient(platform.bootstrap(), platform.registryUrl());
        }
        return client;
    }

    private static DataProduct product(String yaml) {
        return DescriptorParser.parse("test.yaml", yaml).product().orElseThrow();
    }

    /** The shipped example under a unique name, so tests do not see each other's products. */
    private static String example(String name) throws IOException {
        return EXAMPLE.replace("name: orders-daily-summary", "name: " + name)
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
    }

    private PolicyDecided publish(String yaml) {
        PublicationRequested request = PublicationClient.request(product(yaml), "it", "test.yaml");
        return client().publish(request, DECISION_TIMEOUT).orElseThrow(() -> new AssertionError("no decision"));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Topics asked for at once go to the broker together (KafkaTopicAdmin), and each caller still gets its own topic's
     * outcome: the new ones are created, the existing one is fine, the one the broker refuses is
     * undecidable (zero partitions) — and that refusal is no other caller's.
     */
    @Test
    void topicsAskedForAtOnceAreCreatedTogetherEachCallerGettingItsOwnOutcome() throws Exception {
        String existing = "it." + unique("existing");
        topicAdmin.ensureTopic(existing, 1, null);
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fresh.add("it." + unique("together"));
        }
        String refused = "it." + unique("refused");
        ExecutorService callers = Executors.newFixedThreadPool(14);
        try {
            Map<String, Future<?>> outcomes = new LinkedHashMap<>();
            fresh.forEach(t -> outcomes.put(t, callers.submit(() -> topicAdmin.ensureTopic(t, 2, 86_400_000L))));
            outcomes.put(existing, callers.submit(() -> topicAdmin.ensureTopic(existing, 1, null)));
            outcomes.put(refused, callers.submit(() -> topicAdmin.ensureTopic(refused, 0, null)));

            for (String t : fresh) {
                outcomes.get(t).get(60, TimeUnit.SECONDS);
            }
            outcomes.get(existing).get(60, TimeUnit.SECONDS);
            assertThatThrownBy(() -> outcomes.get(refused).get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UndecidableRequestException.class)
                    .hasMessageContaining(refused);
        } finally {
            callers.shutdownNow();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).containsAll(fresh).contains(existing).doesNotContain(refused);
        }
    }

    @Test
    void aGoodDescriptorIsAcceptedProvisionedAndPublished() throws Exception {
        String name = unique("orders");

        PolicyDecided decision = publish(example(name));

        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(decision.getViolations()).isEmpty();
        assertThat(decision.getOutputTopic()).isEqualTo("sales." + name + ".v1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
            TopicDescription topic = admin.describeTopics(Set.of(decision.getOutputTopic()))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(decision.getOutputTopic());
            assertThat(topic.partitions()).hasSize(3);
        }
        given().get(platform.registryUrl() + "/groups/default/artifacts/" + decision.getOutputTopic() + "-value")
                .then()
                .statusCode(200)
                .body("artifactType", equalTo("AVRO"));
        List<DataProductPublished> published = readAll(Topics.PRODUCTS.name(), DataProductPublished.class);
        assertThat(published)
                .filteredOn(p -> p.getProductId().equals("sales/" + name))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.getVersion()).isEqualTo("1.2.0");
                    assertThat(p.getOutputTopic()).isEqualTo(decision.getOutputTopic());
                    assertThat(p.getSchemaGlobalId()).isEqualTo(decision.getSchemaGlobalId());
                    assertThat(p.getDescriptor().getSource().getConnection()).isEqualTo("${ORDERS_DB_URI}");
                });
    }

    @Test
    void theProductItsDecisionAndTheRequestOffsetAreCommittedTogether() throws Exception {
        PolicyDecided decision = publish(example(unique("together")));

        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        // Both topics read with isolation.level=read_committed (ClientConfigs): the product is visible with its
        // decision.
        assertThat(readAll(Topics.PRODUCTS.name(), DataProductPublished.class))
                .filteredOn(p -> p.getRequestId().equals(decision.getRequestId()))
                .singleElement()
                .satisfies(p -> assertThat(p.getOutputTopic()).isEqualTo(decision.getOutputTopic()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(committed(admin))
                            .as("every request read is committed in the transaction of its outcome")
                            .isEqualTo(ends(admin)));
        }
    }

    @Test
    void theSparseExampleIsRejectedWithWhatIsMissingAndPassesOnceAdded() throws IOException {
        String sparse = SPARSE.replace("name: orders-daily-summary", "name: " + unique("sparse"));

        PolicyDecided rejected = publish(sparse);

        assertThat(rejected.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
        assertThat(rejected.getOutputTopic()).isNull();
        assertThat(rejected.getViolations())
                .extracting(PolicyViolation::getPolicyId)
                .contains("oncall-named", "version-semver", "schema-declared");
        assertThat(rejected.getViolations())
                .filteredOn(v -> v.getPolicyId().equals("oncall-named"))
                .singleElement()
                .satisfies(v -> assertThat(v.getMessage()).contains("gets paged"));

        String fixed = sparse.replace("  owner: sales-data@company.com\n", """
                  owner: sales-data@company.com
                  oncall: jane.doe@company.com
                  version: 1.0.0
                """).replace("spec:\n", """
                spec:
                  schema:
                    fields:
                      - {name: order_id, type: string, pii: false}
                      - {name: customer_id, type: string, nullable: true, pii: false}
                      - {name: updated_at, type: timestamp, pii: false}
                """);
        PolicyDecided accepted = publish(fixed);

        assertThat(accepted.getOutcome())
                .as(accepted.getViolations().toString())
                .isEqualTo(DecisionOutcome.ACCEPTED);
    }

    @Test
    void aBreakingSchemaChangeNeedsAMajorVersionAndANewTopic() throws IOException {
        String name = unique("breaking");
        String v1 = example(name);
        assertThat(publish(v1).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);

        String breaking = v1.replace("version: 1.2.0", "version: 1.3.0")
                .replace("{name: amount,         type: double,", "{name: amount,         type: string,");
        PolicyDecided rejected = publish(breaking);

        assertThat(rejected.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
        assertThat(rejected.getViolations()).singleElement().satisfies(v -> {
            assertThat(v.getPolicyId()).isEqualTo("schema-compatible");
            assertThat(v.getMessage()).contains("sales." + name + ".v2");
        });

        PolicyDecided major = publish(breaking.replace("version: 1.3.0", "version: 2.0.0"));

        assertThat(major.getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(major.getOutputTopic()).isEqualTo("sales." + name + ".v2");
    }

    @Test
    void aCelRuleFromThePolicyFileBlocksAProduct() throws IOException {
        PolicyDecided decision = publish(example(unique("cel")).replace("sales-data@company.com", "sales@gmail.com"));

        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
        assertThat(decision.getViolations())
                .extracting(PolicyViolation::getPolicyId)
                .containsExactly("owner-is-a-team-address");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRequestIsStillDecided() throws IOException {
        byte[] poison = "this is not an Avro record".getBytes(StandardCharsets.UTF_8);
        platform.sendRaw(Topics.PUBLICATIONS_REQUESTED.name(), "sales/poison", poison);

        assertThat(publish(example(unique("after-poison"))).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);

        List<ConsumerRecord<String, byte[]>> poisoned =
                platform.awaitDeadLetters(r -> Arrays.equals(r.value(), poison), Duration.ofSeconds(20));
        assertThat(poisoned).as("dead-lettered exactly once").hasSize(1);
        ConsumerRecord<String, byte[]> record = poisoned.get(0);
        assertThat(record.key()).isEqualTo("sales/poison");
        assertThat(new String(
                        record.headers().lastHeader(Topics.DLQ_REASON_HEADER).value()))
                .isNotBlank();
        assertThat(new String(record.headers()
                        .lastHeader(Topics.DLQ_SOURCE_TOPIC_HEADER)
                        .value()))
                .isEqualTo(Topics.PUBLICATIONS_REQUESTED.name());
    }

    @Test
    void theSameRequestDeliveredTwiceGetsOneDecisionAndOnePublication() throws IOException {
        String name = unique("twice");
        PublicationRequested request = PublicationClient.request(product(example(name)), "it", "test.yaml");

        client().positionAtEnd();
        client().send(request);
        client().send(request);

        assertThat(client().awaitDecision(request.getRequestId(), DECISION_TIMEOUT))
                .isPresent();
        assertThat(client().allDecisions(request.getRequestId(), Duration.ofSeconds(3)))
                .hasSize(1);
        assertThat(readAll(Topics.PRODUCTS.name(), DataProductPublished.class))
                .filteredOn(p -> p.getProductId().equals("sales/" + name))
                .hasSize(1);
    }

    @Test
    void teamsCanReadTheStandardsAndDryRunThem() throws IOException {
        given().get("/api/v1/policies")
                .then()
                .statusCode(200)
                .body(
                        "id",
                        hasItems(
                                "owner-assigned",
                                "pii-annotated",
                                "owner-is-a-team-address",
                                "sales-products-track-volume"));

        given().contentType("application/yaml")
                .body(SPARSE.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/policies/evaluate")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(false))
                .body("findings.policy", hasItems("oncall-named", "version-semver", "schema-declared"));
    }

    /** The governance group's committed offsets on the request topic, by partition. */
    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets("meshplane-governance")
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS)
                .forEach((tp, offset) -> {
                    if (tp.topic().equals(Topics.PUBLICATIONS_REQUESTED.name()) && offset != null) {
                        offsets.put(tp, offset.offset());
                    }
                });
        return offsets;
    }

    /** The end offsets of the request topic's partitions that hold any record. */
    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        String topic = Topics.PUBLICATIONS_REQUESTED.name();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(Set.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> {
            if (info.offset() > 0) {
                ends.put(tp, info.offset());
            }
        });
        return ends;
    }

    private <T> List<T> readAll(String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(
                ClientConfigs.avroConsumer(platform.bootstrap(), platform.registryUrl(), unique("reader")))) {
            consumer.subscribe(List.of(topic));
            long quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quietUntil) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
                records.forEach(r -> out.add(type.cast(r.value())));
            }
        }
        return out;
    }
}
