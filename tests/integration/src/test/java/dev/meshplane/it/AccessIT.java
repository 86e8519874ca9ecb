package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

import io.restassured.specification.RequestSpecification;

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
    private static TestPlatform.RunningService governance;
    private static TestPlatform.RunningService catalog;
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
        governance = platform.startService(
                dev.meshplane.launcher.PlatformService.GOVERNANCE,
                Map.of(
                        "meshplane.policy-file",
                        TestPlatform.repositoryRoot()
                                .resolve("policies/mesh-policies.yaml")
                                .toString(),
                        "meshplane.access.reconcile-interval",
                        "2s",
                        "meshplane.access.expiry-interval",
                        "1s",
                        "meshplane.access.observe-interval",
                        "1s"));
        catalog = platform.startService(dev.meshplane.launcher.PlatformService.CATALOG, Map.of());
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

    /**
     * What a user sees: {@code mesh access list}, logged in as Ana, after the version that dropped analytics: the
     * declared team, its grant, and the consumer groups with committed offsets (the read helper's consumers commit
     * when they close), analytics' flagged.
     */
    @Test
    @Order(4)
    void theCliListsTheDeclaredTeamsAndTheGrants(@TempDir Path home) throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString(), "MESH_ISSUER", identity.issuer());
        MeshProcess.Run login = MeshProcess.run(
                env, IdentityProvider.LOCAL_PASSWORD + "\n", "login", "--user", "ana.analyst", "--password-stdin");
        assertThat(login.exit()).as(login.err()).isEqualTo(0);
        String product = topic.substring(0, topic.lastIndexOf(".v")).replaceFirst("\\.", "/");

        MeshProcess.Run list = MeshProcess.run(env, null, "access", "list", product, "--governance", governance.url());

        assertThat(list.exit()).as(list.out() + list.err()).isEqualTo(0);
        assertThat(list.out())
                .contains(product + " 1.3.0: access by default deny")
                .contains("declared  ml-platform")
                .containsPattern("granted +ml-platform +by descriptor 1\\.3\\.0 \\(sara\\.owner\\)")
                .doesNotContainPattern("(declared|granted).*analytics")
                .as("the broker's view: Max's group reads; Ana's group read before 1.3.0 dropped analytics")
                .containsPattern("ml-platform +group ml-platform\\.features-\\w+, \\d+ behind\\n")
                .containsPattern("analytics +group analytics\\.orders-report-\\w+, \\d+ behind  ! its team may not"
                        + " read this product");
        MeshProcess.Run unknown =
                MeshProcess.run(env, null, "access", "list", "sales/no-such-product", "--governance", governance.url());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no published product sales/no-such-product");
    }

    /**
     * Who really reads, in the catalog: governance's sweeps (every second here) record the consumer groups the broker
     * holds offsets for on the product's topics; the product's page lists them, flags analytics' group (1.3.0 dropped
     * analytics) and dates the last read; the mesh's health counts them across domains and lists a product nobody
     * reads among those unread in 30 days, and not the product that is read.
     */
    @Test
    @Order(5)
    void theCatalogShowsWhoReadsAndTheHealthListsWhatNobodyReads() throws Exception {
        String product = productId();
        String unread = product + "-unread";
        PolicyDecided other = platform.publish(
                yaml.replace(
                        "name: " + product.substring(product.indexOf('/') + 1),
                        "name: " + unread.substring(unread.indexOf('/') + 1)),
                token("sara.owner"));
        assertThat(other.getOutcome()).as(other.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        long before = System.currentTimeMillis() - 120_000;

        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(catalog.url() + "/api/v1/products/" + product)
                        .then()
                        .statusCode(200)
                        .body(
                                "access.observed.find { it.group.startsWith('ml-platform.features-') }.flagged",
                                equalTo(false))
                        .body(
                                "access.observed.find { it.group.startsWith('ml-platform.features-') }.team",
                                equalTo("ml-platform"))
                        .body(
                                "access.observed.find { it.group.startsWith('analytics.orders-report-') }.flagged",
                                equalTo(true))
                        .body("access.observed.present", not(hasItem(false)))
                        .body("access.lastReadAt", greaterThan(before)));
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(catalog.url() + "/api/v1/mesh/health")
                        .then()
                        .statusCode(200)
                        .body("overall.crossDomain.crossDomainObservedReaders", greaterThanOrEqualTo(2))
                        .body("overall.unread.days", equalTo(30))
                        .body("overall.unread.oldest.productId", hasItem(unread))
                        .body(
                                "overall.unread.oldest.find { it.productId == '" + unread + "' }.lastReadAt",
                                equalTo(null))
                        .body("overall.unread.oldest.productId", not(hasItem(product))));
    }

    /**
     * The request workflow over HTTP on the real broker: analytics (dropped by 1.3.0) is refused, asks, a non-owner's
     * approval is refused and changes nothing, the owner approves and the same kind of client then reads; asking again
     * or answering twice is a conflict. The product has a PII field: the repository's access policy wants a reason
     * and an end date.
     */
    @Test
    @Order(6)
    void aTeamAsksTheOwnerApprovesAndItReads() {
        assertThat(read("ana.analyst", null)).isEqualTo(Read.TOPIC_REFUSED);
        String product = productId();

        as("ana.analyst")
                .body(Map.of("product", product, "team", "analytics", "reason", "monthly report"))
                .post(governance.url() + "/api/v1/access/requests")
                .then()
                .statusCode(422)
                .body("detail", containsString("access policy 'pii-access-has-reason-and-end-date'"));
        String id = as("ana.analyst")
                .body(Map.of(
                        "product",
                        product,
                        "team",
                        "analytics",
                        "reason",
                        "monthly report",
                        "until",
                        Instant.now().plus(Duration.ofDays(30)).toString()))
                .post(governance.url() + "/api/v1/access/requests")
                .then()
                .statusCode(201)
                .body("state", equalTo("PENDING"))
                .body("requestedBy", equalTo("ana.analyst"))
                .extract()
                .path("id");

        as("carlos.owner")
                .body(Map.of())
                .post(governance.url() + "/api/v1/access/requests/" + id + "/approve")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("only the owners of " + product));
        as("sara.owner")
                .get(governance.url() + "/api/v1/access/requests?product=" + product)
                .then()
                .statusCode(200)
                .body("id", hasItem(id));
        assertThat(read("ana.analyst", null)).as("still refused").isEqualTo(Read.TOPIC_REFUSED);

        long approvedAt = System.nanoTime();
        as("sara.owner")
                .body(Map.of())
                .post(governance.url() + "/api/v1/access/requests/" + id + "/approve")
                .then()
                .statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("decidedBy", equalTo("sara.owner"));
        awaitRead("ana.analyst", "analytics.orders-report", Read.READ);
        System.out.printf("approve -> first read by analytics: %d ms%n", (System.nanoTime() - approvedAt) / 1_000_000);

        as("sara.owner")
                .body(Map.of())
                .post(governance.url() + "/api/v1/access/requests/" + id + "/deny")
                .then()
                .statusCode(409)
                .body("detail", containsString("was already approved by sara.owner"));
        as("ana.analyst")
                .body(Map.of("product", product, "team", "analytics", "reason", "again", "until", "2099-01-01"))
                .post(governance.url() + "/api/v1/access/requests")
                .then()
                .statusCode(409)
                .body("detail", containsString("can already read"));
    }

    /** Bad input over HTTP: each a clear problem, nothing recorded. */
    @Test
    @Order(7)
    void badRequestsAreClearAndChangeNothing() {
        String product = productId();
        Object[][] cases = {
            {"sales/no-such-product", "analytics", "2099-01-01", 404, "no published product sales/no-such-product"},
            {product, "ml-platform", "2099-01-01", 403, "you are not in team 'ml-platform'"},
            {product, "analytics", "2020-01-01", 400, "is in the past"},
            {product, "analytics", "soon", 400, "is not a date"},
        };
        for (Object[] c : cases) {
            as("ana.analyst")
                    .body(Map.of("product", c[0], "team", c[1], "reason", "r", "until", c[2]))
                    .post(governance.url() + "/api/v1/access/requests")
                    .then()
                    .statusCode((Integer) c[3])
                    .body("detail", containsString((String) c[4]));
        }
        as("sara.owner")
                .body(Map.of())
                .post(governance.url() + "/api/v1/access/requests/no-such-request/approve")
                .then()
                .statusCode(404);
        given().contentType("application/json")
                .body(Map.of("product", product, "team", "analytics"))
                .post(governance.url() + "/api/v1/access/requests")
                .then()
                .statusCode(401)
                .body("detail", containsString("needs an access token"));
        as("sara.owner")
                .get(governance.url() + "/api/v1/access/requests?product=" + product)
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    /** A non-owner's revoke is refused; the owner's stops the reads again and leaves an audit event. */
    @Test
    @Order(8)
    void aRevokeStopsReads() throws Exception {
        String product = productId();
        String grant = governance.url() + "/api/v1/access/products/" + product + "/grants/analytics";
        as("ana.analyst").delete(grant).then().statusCode(403);
        assertThat(read("ana.analyst", null)).isEqualTo(Read.READ);

        long revokedAt = System.nanoTime();
        as("sara.owner")
                .queryParam("reason", "report retired")
                .delete(grant)
                .then()
                .statusCode(200)
                .body("team", equalTo("analytics"));
        awaitRead("ana.analyst", null, Read.TOPIC_REFUSED);
        System.out.printf("revoke -> first refused read: %d ms%n", (System.nanoTime() - revokedAt) / 1_000_000);
        as("sara.owner")
                .delete(governance.url() + "/api/v1/access/products/" + product + "/grants/ml-platform")
                .then()
                .statusCode(409)
                .body("detail", containsString("spec.access.allow"));
        awaitRevocation("analytics", "sara.owner");
    }

    /** A grant with an end date stops reads at that date, and its revocation is written without anyone acting. */
    @Test
    @Order(9)
    void anEndedGrantStopsReads() throws Exception {
        String product = productId();
        Instant end = Instant.now().plus(Duration.ofSeconds(25));
        String id = as("ana.analyst")
                .body(Map.of(
                        "product", product, "team", "analytics", "reason", "a one-off check", "until", end.toString()))
                .post(governance.url() + "/api/v1/access/requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("sara.owner")
                .body(Map.of())
                .post(governance.url() + "/api/v1/access/requests/" + id + "/approve")
                .then()
                .statusCode(200);
        awaitRead("ana.analyst", null, Read.READ);

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(read("ana.analyst", null)).isEqualTo(Read.TOPIC_REFUSED));
        assertThat(Instant.now()).as("refused only once the grant ended").isAfter(end);
        awaitRevocation("analytics", "expiry");
    }

    /**
     * What a user does: Ana asks with the CLI, Carlos's approval is refused, Sara sees the request and approves it. The
     * catalog shows the request waiting, then the grant.
     */
    @Test
    @Order(10)
    void theCliAsksAndTheOwnerApproves(@TempDir Path home) throws Exception {
        String product = productId();
        Map<String, String> ana = login(home.resolve("ana"), "ana.analyst");
        Map<String, String> carlos = login(home.resolve("carlos"), "carlos.owner");
        Map<String, String> sara = login(home.resolve("sara"), "sara.owner");

        MeshProcess.Run refused = mesh(ana, "request", product, "--team", "analytics");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("pii-access-has-reason-and-end-date").contains("nothing was recorded");
        MeshProcess.Run asked =
                mesh(ana, "request", product, "--team", "analytics", "--reason", "quarterly review", "--until", "30d");
        assertThat(asked.exit()).as(asked.err()).isEqualTo(0);
        assertThat(asked.out()).contains("PENDING");
        String id = asked.out().split(" ")[1].replace(":", "");

        String inCatalog = catalog.url() + "/api/v1/products/" + product;
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(inCatalog)
                        .then()
                        .statusCode(200)
                        .body("access.declared", equalTo(List.of("ml-platform")))
                        .body("access.pending.requestId", equalTo(List.of(id)))
                        .body("access.granted.team", not(hasItem("analytics"))));

        MeshProcess.Run notOwner = mesh(carlos, "approve", id);
        assertThat(notOwner.exit()).isEqualTo(1);
        assertThat(notOwner.err()).contains("only the owners of " + product).contains("nothing was changed");
        MeshProcess.Run pending = mesh(sara, "pending", product);
        assertThat(pending.out()).contains(id).contains("team analytics, asked by ana.analyst");
        MeshProcess.Run approved = mesh(sara, "approve", id);
        assertThat(approved.exit()).as(approved.err()).isEqualTo(0);
        assertThat(approved.out()).contains("approved request " + id + ": team analytics reads " + product);
        MeshProcess.Run twice = mesh(sara, "approve", id);
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("was already approved");
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(inCatalog)
                        .then()
                        .body("access.pending", hasSize(0))
                        .body("access.granted.find { it.team == 'analytics' }.grantedBy", equalTo("sara.owner")));
        MeshProcess.Run list = mesh(ana, "list", product);
        assertThat(list.out()).containsPattern("analytics +by sara\\.owner");
        awaitRead("ana.analyst", null, Read.READ);
        MeshProcess.Run revoked = mesh(sara, "revoke", product, "--team", "analytics", "--reason", "done");
        assertThat(revoked.exit()).as(revoked.err()).isEqualTo(0);
        awaitRead("ana.analyst", null, Read.TOPIC_REFUSED);
    }

    /** A request to governance's API as {@code person} (a JSON body, if it has one). */
    private static RequestSpecification as(String person) {
        return given().header("Authorization", "Bearer " + token(person)).contentType("application/json");
    }

    private static Map<String, String> login(Path home, String person) throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString(), "MESH_ISSUER", identity.issuer());
        MeshProcess.Run login = MeshProcess.run(
                env, IdentityProvider.LOCAL_PASSWORD + "\n", "login", "--user", person, "--password-stdin");
        assertThat(login.exit()).as(login.err()).isEqualTo(0);
        return env;
    }

    private static MeshProcess.Run mesh(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("access"));
        all.addAll(List.of(args));
        all.addAll(List.of("--governance", governance.url()));
        return MeshProcess.run(env, null, all.toArray(String[]::new));
    }

    private static void awaitRevocation(String team, String by) {
        try (KafkaConsumer<String, AccessRevoked> revocations = platform.subscriber(Topics.ACCESS_REVOCATIONS)) {
            List<AccessRevoked> seen = new ArrayList<>();
            Awaitility.await().atMost(WAIT).until(() -> {
                revocations.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
                return seen.stream()
                        .anyMatch(r -> r.getTeam().equals(team)
                                && r.getProductId().equals(productId())
                                && r.getRevokedBy().equals(by));
            });
        }
    }

    /** domain/name of the product under test. */
    private static String productId() {
        return topic.substring(0, topic.lastIndexOf(".v")).replaceFirst("\\.", "/");
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
