package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * The broker authenticates every client and authorizes every request, on a platform started as {@code
 * deploy/local/platform up} starts it ({@link TestPlatform#startSecured}): the provider's tokens only, the platform's
 * ACLs and nothing else. Refusals (no credentials, a forged token, a token for another audience, a principal without
 * an ACL) and successes (a person asking for a publication, a pipeline writing its domain's topic, governance deciding
 * and provisioning as its own account).
 */
class BrokerSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestPlatform platform;
    private static IdentityProvider identity;

    @BeforeAll
    static void start() {
        platform = TestPlatform.startSecured();
        identity = platform.startIdentity();
        platform.startGovernance();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aClientWithoutCredentialsGetsNoMetadata() {
        Map<String, Object> c = bytesProducer(KafkaAuth.none());
        c.put("max.block.ms", 3000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            // the SASL listener drops a client that does not start the handshake: it sees no broker at all
            assertThatThrownBy(() -> producer.partitionsFor(Topics.PUBLICATIONS_REQUESTED.name()))
                    .isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aClientWithAnInvalidTokenFailsAuthentication() throws Exception {
        String forged = forgedToken();
        for (String token : List.of(unsignedToken(), forged)) {
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(bytesProducer(KafkaAuth.bearer(() -> token)))) {
                assertThatThrownBy(() -> producer.send(
                                        new ProducerRecord<>(Topics.PUBLICATIONS_REQUESTED.name(), new byte[0]))
                                .get(15, TimeUnit.SECONDS))
                        .as(token.endsWith(".") ? "unsigned" : "forged signature")
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    /**
     * Sara's token from a client that adds the audience {@code meshplane} only: good for governance, not the broker.
     */
    @Test
    void aTokenWithoutTheKafkaAudienceFailsAuthentication() {
        String client = identity.createClient(
                "no-kafka-audience-" + UUID.randomUUID().toString().substring(0, 8), true, true, 300);
        String token = identity.token(client, "sara.owner", IdentityProvider.LOCAL_PASSWORD);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(bytesProducer(KafkaAuth.bearer(() -> token)))) {
            assertThatThrownBy(
                            () -> producer.send(new ProducerRecord<>(Topics.PUBLICATIONS_REQUESTED.name(), new byte[0]))
                                    .get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aPersonMayAskForAPublicationButNotWriteProductsNorReadRequests() throws Exception {
        KafkaAuth ana = person("ana.analyst");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bytesProducer(ana))) {
            producer.send(new ProducerRecord<>(Topics.PUBLICATIONS_REQUESTED.name(), "x".getBytes()))
                    .get(15, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.PRODUCTS.name(), "x".getBytes()))
                            .get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(Topics.PRODUCTS.name());
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(bytesConsumer(ana))) {
            consumer.assign(List.of(new TopicPartition(Topics.PUBLICATIONS_REQUESTED.name(), 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(Topics.PUBLICATIONS_REQUESTED.name());
        }
    }

    @Test
    void aPipelineWritesItsOwnDomainsTopicsOnly() throws Exception {
        String own = "sales.acl-probe-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
        String other = "customers.acl-probe-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
        try (Admin admin = Admin.create(platform.harnessClient())) {
            admin.createTopics(List.of(new NewTopic(own, 1, (short) 1), new NewTopic(other, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        KafkaAuth pipeline =
                KafkaAuth.bearer(() -> identity.clientToken("pipeline-sales", "pipeline-sales-local-secret"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(bytesProducer(pipeline))) {
            producer.send(new ProducerRecord<>(own, "row".getBytes())).get(15, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(other, "row".getBytes()))
                            .get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /**
     * Sara's own Kafka session carries her request; governance, as svc-governance, reads it, decides, provisions the
     * product's topic (it may create topics, nobody else may) and writes the decision she reads back.
     */
    @Test
    void theOwnerPublishesThroughTheSecuredBrokerAndGovernanceProvisionsTheTopic() throws Exception {
        String token = identity.token("sara.owner", IdentityProvider.LOCAL_PASSWORD);
        DataProduct product =
                DescriptorParser.parse("orders.yaml", salesProduct()).product().orElseThrow();
        PolicyDecided decision;
        try (PublicationClient client =
                new PublicationClient(platform.bootstrap(), platform.registryUrl(), person("sara.owner"))) {
            decision = client.publish(
                            PublicationClient.request(product, "sara", "orders.yaml"), token, Duration.ofSeconds(30))
                    .orElseThrow();
        }
        assertThat(decision.getOutcome()).as(decision.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(decision.getPublisher()).isEqualTo("sara.owner");
        try (Admin admin = Admin.create(platform.harnessClient())) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(decision.getOutputTopic());
        }
    }

    @Test
    void aPersonCannotCreateTopics() {
        Map<String, Object> c = new HashMap<>(Map.of("bootstrap.servers", platform.bootstrap()));
        person("sara.owner").applyTo(c);
        try (Admin admin = Admin.create(c)) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("sales.by-hand.v1", 1, (short) 1)))
                            .all()
                            .get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("Authorization failed");
        }
    }

    /**
     * The CLI as a user runs it: logged in, {@code mesh publish} authenticates to the broker with the login and sends
     * it to governance (ACCEPTED); logged out, it stops before sending anything (exit 2) and says how to fix it.
     */
    @Test
    void theCliPublishesAsItsLoginAndRefusesWithoutOne(@TempDir Path home) throws Exception {
        Path descriptor = home.resolve("dataproduct.yaml");
        Files.writeString(descriptor, salesProduct());
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString(), "MESH_ISSUER", identity.issuer());

        String[] publish = {
            "publish", "--bootstrap", platform.bootstrap(), "--registry", platform.registryUrl(), descriptor.toString()
        };

        MeshProcess.Run notLoggedIn = MeshProcess.run(env, null, publish);
        assertThat(notLoggedIn.exit()).isEqualTo(2);
        assertThat(notLoggedIn.err()).contains("mesh login").contains("nothing was published");

        MeshProcess.Run login = MeshProcess.run(
                env, IdentityProvider.LOCAL_PASSWORD + "\n", "login", "--user", "sara.owner", "--password-stdin");
        assertThat(login.exit()).as(login.err()).isEqualTo(0);
        MeshProcess.Run published = MeshProcess.run(env, null, publish);
        assertThat(published.exit()).as(published.out() + published.err()).isEqualTo(0);
        assertThat(published.out()).contains("ACCEPTED");
    }

    private static KafkaAuth person(String username) {
        return KafkaAuth.bearer(() -> identity.token(username, IdentityProvider.LOCAL_PASSWORD));
    }

    private static Map<String, Object> bytesProducer(KafkaAuth auth) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", platform.bootstrap());
        c.put("key.serializer", ByteArraySerializer.class.getName());
        c.put("value.serializer", ByteArraySerializer.class.getName());
        c.put("max.block.ms", 15_000);
        c.put("delivery.timeout.ms", 15_000);
        c.put("request.timeout.ms", 10_000);
        return auth.applyTo(c);
    }

    private static Map<String, Object> bytesConsumer(KafkaAuth auth) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", platform.bootstrap());
        c.put("key.deserializer", ByteArrayDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return auth.applyTo(c);
    }

    private static String salesProduct() {
        return Fixtures.example("sales/orders-daily-summary")
                .replace(
                        "name: orders-daily-summary",
                        "name: orders-" + UUID.randomUUID().toString().substring(0, 8))
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
    }

    /** A token that claims to be Sara's, signed by nobody ({@code alg: none}). */
    private static String unsignedToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String payload =
                "{\"iss\":\"" + identity.issuer() + "\",\"aud\":\"kafka\",\"preferred_username\":\"sara.owner\","
                        + "\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + b64.encodeToString(payload.getBytes()) + ".";
    }

    /** Ana's real token with her name rewritten to Sara's: the signature no longer matches. */
    private static String forgedToken() throws Exception {
        String[] parts =
                identity.token("ana.analyst", IdentityProvider.LOCAL_PASSWORD).split("\\.");
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("preferred_username", "sara.owner");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims))
                + "." + parts[2];
    }
}
