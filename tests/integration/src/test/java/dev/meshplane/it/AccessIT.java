package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.events.v1.AccessRevoked;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * Access from the descriptor, on the real authorizing broker: the teams a product's version allows read its output
 * topic (with consumer groups under their own prefix), nobody else does; a version that drops a team stops it; an ACL
 * deleted by hand comes back. The broker matches {@code Team:} ACLs against the teams in the reader's token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestPlatform platform;
    private static IdentityProvider identity;
    private static String yaml;
    private static String topic;

    enum Read {
        READ,
        TOPIC_REFUSED,
        GROUP_REFUSED
    }

    @BeforeAll
    static void publishAProductThatAllowsAnalyticsAndMl() throws Exception {
        platform = TestPlatform.startSecured();
        identity = platform.startIdentity();
        platform.startService(
                dev.meshplane.launcher.PlatformService.GOVERNANCE,
                Map.of(
                        "meshplane.policy-file",
                        TestPlatform.repositoryRoot()
                                .resolve("policies/mesh-policies.yaml")
                                .toString(),
                        "meshplane.access.reconcile-interval",
                        "2s"));
        yaml = Fixtures.example("sales/orders-daily-summary")
                .replace(
                        "name: orders-daily-summary",
                        "name: access-" + UUID.randomUUID().toString().substring(0, 8))
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
        PolicyDecided v1 = platform.publish(yaml, token("sara.owner"));
        assertThat(v1.getOutcome()).as(v1.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        topic = v1.getOutputTopic();
        Map<String, Object> p = platform.harnessClient();
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "row".getBytes())).get(15, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void theAllowedTeamsReadUnderTheirOwnGroupPrefixAndNobodyElseReads() {
        awaitRead("ana.analyst", "analytics.orders-report", Read.READ);
        awaitRead("max.ml", "ml-platform.features", Read.READ);
        assertThat(read("carlos.owner", null)).as("no grant for customers").isEqualTo(Read.TOPIC_REFUSED);
        assertThat(read("carlos.owner", "customers.peek"))
                .as("subscribing: the topic is checked first")
                .isEqualTo(Read.TOPIC_REFUSED);
        assertThat(read("ana.analyst", "ml-platform.borrowed"))
                .as("another team's group")
                .isEqualTo(Read.GROUP_REFUSED);
    }

    @Test
    @Order(2)
    void aVersionThatDropsATeamStopsItsReads() throws Exception {
        String v2 = yaml.replace("version: 1.2.0", "version: 1.3.0").replace("      - team: analytics\n", "");
        PolicyDecided decided = platform.publish(v2, token("sara.owner"));
        assertThat(decided.getOutcome()).as(decided.toString()).isEqualTo(DecisionOutcome.ACCEPTED);

        awaitRead("ana.analyst", null, Read.TOPIC_REFUSED);
        assertThat(read("ana.analyst", "analytics.orders-report")).isEqualTo(Read.TOPIC_REFUSED);
        try (Admin admin = Admin.create(platform.harnessClient())) {
            AclBindingFilter analytics = new AclBindingFilter(
                    ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter("Team:analytics", null, AclOperation.ANY, AclPermissionType.ANY));
            assertThat(admin.describeAcls(analytics).values().get(15, TimeUnit.SECONDS))
                    .as("no grant left for analytics: not its group prefix either")
                    .isEmpty();
        }
        assertThat(read("max.ml", "ml-platform.features")).isEqualTo(Read.READ);
        try (KafkaConsumer<String, AccessRevoked> revocations = platform.subscriber(Topics.ACCESS_REVOCATIONS)) {
            List<AccessRevoked> seen = new ArrayList<>();
            Awaitility.await().atMost(WAIT).until(() -> {
                revocations.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
                return seen.stream()
                        .anyMatch(r -> r.getTeam().equals("analytics")
                                && r.getProductId().equals(decided.getProductId()));
            });
        }
    }

    @Test
    @Order(3)
    void anAclDeletedByHandComesBack() throws Exception {
        AclBindingFilter mlOnTheTopic = new AclBindingFilter(
                new ResourcePatternFilter(
                        ResourceType.TOPIC, topic.substring(0, topic.length() - 1), PatternType.PREFIXED),
                new AccessControlEntryFilter("Team:ml-platform", null, AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(platform.harnessClient())) {
            assertThat(admin.deleteAcls(List.of(mlOnTheTopic)).all().get(15, TimeUnit.SECONDS))
                    .as("the grant's ACL was there to delete")
                    .isNotEmpty();
        }
        awaitRead("max.ml", "ml-platform.features", Read.READ);
    }

    /** What a user sees: {@code mesh access list}, logged in as Ana, after the version that dropped analytics. */
    @Test
    @Order(4)
    void theCliListsTheDeclaredTeamsAndTheGrants(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString(), "MESH_ISSUER", identity.issuer());
        MeshProcess.Run login = MeshProcess.run(
                env, IdentityProvider.LOCAL_PASSWORD + "\n", "login", "--user", "ana.analyst", "--password-stdin");
        assertThat(login.exit()).as(login.err()).isEqualTo(0);
        String product = topic.substring(0, topic.lastIndexOf(".v")).replaceFirst("\\.", "/");

        MeshProcess.Run list = MeshProcess.run(
                env,
                null,
                "access",
                "list",
                product,
                "--bootstrap",
                platform.bootstrap(),
                "--registry",
                platform.registryUrl());

        assertThat(list.exit()).as(list.out() + list.err()).isEqualTo(0);
        assertThat(list.out())
                .contains(product + " 1.3.0: access by default deny")
                .contains("declared  ml-platform")
                .containsPattern("granted +ml-platform +by descriptor 1\\.3\\.0 \\(sara\\.owner\\)")
                .doesNotContain("analytics");
        MeshProcess.Run unknown = MeshProcess.run(
                env,
                null,
                "access",
                "list",
                "sales/no-such-product",
                "--bootstrap",
                platform.bootstrap(),
                "--registry",
                platform.registryUrl());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no published product sales/no-such-product");
    }

    private static void awaitRead(String person, String group, Read expected) {
        Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(read(person, group))
                        .as(person + " in " + group)
                        .isEqualTo(expected));
    }

    /**
     * A fresh consumer of the product's topic as {@code person}: in consumer group {@code group}, or without a group
     * ({@code null}: partitions assigned, so only the topic's ACLs are asked).
     */
    private static Read read(String person, String group) {
        String token = token(person);
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", platform.bootstrap());
        c.put("auto.offset.reset", "earliest");
        c.put("key.deserializer", ByteArrayDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        if (group != null) {
            c.put("group.id", group + "-" + UUID.randomUUID().toString().substring(0, 6));
        }
        KafkaAuth.bearer(() -> token).applyTo(c);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            if (group == null) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            } else {
                consumer.subscribe(List.of(topic));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                    return Read.READ;
                }
            }
            throw new AssertionError(person + " was neither refused nor served within 10 s");
        } catch (TopicAuthorizationException e) {
            return Read.TOPIC_REFUSED;
        } catch (GroupAuthorizationException e) {
            return Read.GROUP_REFUSED;
        }
    }

    private static String token(String person) {
        return identity.token(person, IdentityProvider.LOCAL_PASSWORD);
    }
}
