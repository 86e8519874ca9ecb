package dev.meshplane.governance.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.fixtures.Fixtures;

/**
 * The publication flow in seconds, with no broker: requests go in through an in-memory channel and the outcomes are
 * read from the recording decision log. The processor, retries, duplicate detection, the decider and the policies are
 * the production code.
 */
@QuarkusTest
@TestProfile(InMemoryGovernance.class)
class PublicationProcessorTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);

    /** Offsets of the records sent with Kafka metadata: distinct, above the fixed one the poison test uses. */
    private static final AtomicLong OFFSETS = new AtomicLong(1_000);

    @Inject
    @Any
    InMemoryConnector channels;

    @Inject
    FakeSchemaRegistry registry;

    @Inject
    FakeTopicAdmin topics;

    @Inject
    RecordingDecisionLog log;

    @BeforeEach
    void healthyDependencies() {
        registry.reset();
        log.reset();
    }

    @Test
    void aGoodRequestIsAcceptedWithItsProductInTheSameWrite() {
        PublicationRequested request = request(example(unique("orders")));

        CompletableFuture<Void> acked = send(request);

        PolicyDecided decision = awaitDecision(request);
        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(decision.getOutputTopic()).isEqualTo(request.getProductId().replace('/', '.') + ".v1");
        assertThat(log.products(request.getRequestId())).singleElement().satisfies(p -> {
            assertThat(p.getVersion()).isEqualTo("1.2.0");
            assertThat(p.getOutputTopic()).isEqualTo(decision.getOutputTopic());
            assertThat(p.getSchemaGlobalId()).isEqualTo(42L);
        });
        assertThat(topics.created()).contains(decision.getOutputTopic());
        await().atMost(AT_MOST).until(acked::isDone);
    }

    /** The grants a version replaces: what its predecessor allowed (DecisionRecords revokes what it drops). */
    @Test
    void aNewVersionCarriesWhatThePreviousVersionAllowed() {
        String name = unique("access");
        PublicationRequested v1 = request(example(name));
        send(v1);
        assertThat(awaitDecision(v1).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.previouslyAllowed(v1.getRequestId()))
                .as("a first version replaces nothing")
                .isEmpty();

        PublicationRequested v2 = request(
                example(name).replace("version: 1.2.0", "version: 1.3.0").replace("      - team: analytics\n", ""));
        send(v2);
        assertThat(awaitDecision(v2).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.previouslyAllowed(v2.getRequestId())).containsExactlyInAnyOrder("analytics", "ml-platform");
        assertThat(log.products(v2.getRequestId()))
                .singleElement()
                .satisfies(p -> assertThat(p.getDescriptor().getAccess().getAllowTeams())
                        .containsExactly("ml-platform"));
    }

    /**
     * One poll's requests are decided in parallel with the outcomes of deciding them one at a time: a product's
     * versions in order (the second sees the first as published, the older one after them is refused), a request
     * whose input is published earlier in the batch accepted, one whose input comes later refused, a request id sent
     * twice decided once, and everything written together.
     */
    @Test
    void aBatchIsDecidedAsIfOneAtATime() {
        String upstream = unique("upstream");
        String upstreamId = "sales/" + upstream;
        PublicationRequested v1 = request(example(upstream));
        PublicationRequested v2 = request(example(upstream).replace("version: 1.2.0", "version: 1.3.0"));
        PublicationRequested older = request(example(upstream).replace("version: 1.2.0", "version: 1.2.5"));
        PublicationRequested reader = request(withInput(example(unique("reader")), upstreamId));
        String laterId = "sales/" + unique("later");
        PublicationRequested tooEarly = request(withInput(example(unique("too-early")), laterId));
        PublicationRequested later = request(example(laterId.substring("sales/".length())));
        List<PublicationRequested> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(request(example(unique("other"))));
        }
        List<Message<PublicationRequested>> batch = new ArrayList<>();
        batch.add(Message.of(v1));
        batch.add(Message.of(tooEarly));
        others.subList(0, 10).forEach(r -> batch.add(Message.of(r)));
        batch.add(Message.of(reader));
        batch.add(Message.of(v2));
        batch.add(Message.of(v2)); // the same request id again
        batch.add(Message.of(older));
        batch.add(Message.of(later));
        others.subList(10, 20).forEach(r -> batch.add(Message.of(r)));
        int writesBefore = log.writes();

        CompletableFuture<Void> acked = deliver(batch.toArray(Message[]::new));

        await().atMost(AT_MOST).until(acked::isDone);
        assertThat(log.writes() - writesBefore)
                .as("one write for the whole batch")
                .isEqualTo(1);
        assertThat(outcomeOf(v1)).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(outcomeOf(v2)).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.decisions(v2.getRequestId())).as("decided once").hasSize(1);
        assertThat(log.previouslyAllowed(v2.getRequestId()))
                .as("v1 was its predecessor")
                .isNotEmpty();
        assertThat(log.decisions(older.getRequestId())).singleElement().satisfies(d -> {
            assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
            assertThat(d.getViolations())
                    .extracting(PolicyViolation::getPolicyId)
                    .contains("version-increases");
        });
        assertThat(outcomeOf(reader)).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.decisions(tooEarly.getRequestId())).singleElement().satisfies(d -> {
            assertThat(d.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
            assertThat(d.getViolations())
                    .extracting(PolicyViolation::getPolicyId)
                    .contains("inputs-exist");
        });
        assertThat(outcomeOf(later)).isEqualTo(DecisionOutcome.ACCEPTED);
        others.forEach(r -> assertThat(outcomeOf(r)).isEqualTo(DecisionOutcome.ACCEPTED));
    }

    @Test
    void aRequestThatBreaksThePoliciesIsRejectedAndNothingIsPublished() {
        String sparse = Fixtures.read("descriptors/sparse-example.yaml")
                .replace("name: orders-daily-summary", "name: " + unique("sparse"));
        PublicationRequested request = request(sparse);

        send(request);

        PolicyDecided decision = awaitDecision(request);
        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
        assertThat(decision.getViolations())
                .extracting(PolicyViolation::getPolicyId)
                .contains("oncall-named", "version-semver", "schema-declared");
        assertThat(log.products(request.getRequestId())).isEmpty();
    }

    @Test
    void aRegistryOutageIsWaitedOutThenDecidedNotDeadLettered() {
        registry.failNext(3);
        PublicationRequested request = request(example(unique("outage")));

        send(request);

        assertThat(awaitDecision(request).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(registry.calls())
                .as("three failed tries, then the check and the registration")
                .isEqualTo(5);
        assertThat(log.deadLetters(request.getRequestId())).isEmpty();
    }

    @Test
    void readinessIsDownWhileTheRegistryIsAwayAndUpOnceTheRequestIsDecided() {
        registry.goDown();
        PublicationRequested request = request(example(unique("down")));

        send(request);

        await().atMost(AT_MOST)
                .untilAsserted(() -> given().get("/q/health/ready")
                        .then()
                        .body("checks.find { it.name == 'publication-requests' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'publication-requests' }.data.waiting", equalTo("deciding")));
        assertThat(log.decisions(request.getRequestId())).isEmpty();
        assertThat(log.deadLetters(request.getRequestId())).isEmpty();

        registry.reset();

        assertThat(awaitDecision(request).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        given().get("/q/health/ready")
                .then()
                .body("checks.find { it.name == 'publication-requests' }.status", equalTo("UP"));
    }

    @Test
    void aBrokerTimeoutWhileWritingIsRetriedAndWritesOnce() {
        log.failNext(2);
        PublicationRequested request = request(example(unique("timeout")));

        send(request);

        assertThat(awaitDecision(request).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.products(request.getRequestId())).hasSize(1);
        assertThat(log.deadLetters(request.getRequestId())).isEmpty();
    }

    @Test
    void theSameRequestSentTwiceGetsOneDecision() {
        PublicationRequested request = request(example(unique("twice")));

        CompletableFuture<Void> first = send(request);
        CompletableFuture<Void> second = send(request);

        await().atMost(AT_MOST).until(() -> first.isDone() && second.isDone());
        assertThat(log.decisions(request.getRequestId())).hasSize(1);
        assertThat(log.products(request.getRequestId())).hasSize(1);
    }

    @Test
    void aRequestDecidedBeforeARestartIsRecognisedFromTheDecisionsTopic() {
        PublicationRequested request = request(example(unique("restart")));
        channels.<PolicyDecided>source(InMemoryGovernance.DECISIONS_VIEW)
                .send(PolicyDecided.newBuilder()
                        .setRequestId(request.getRequestId())
                        .setProductId(request.getProductId())
                        .setVersion("1.2.0")
                        .setOutcome(DecisionOutcome.ACCEPTED)
                        .setViolations(List.of())
                        .setRequestedAt(request.getRequestedAt())
                        .setDecidedAt(request.getRequestedAt())
                        .setEvaluationMicros(1)
                        .setTotalMillis(1)
                        .build());

        CompletableFuture<Void> acked = send(request);

        await().atMost(AT_MOST).until(acked::isDone);
        assertThat(log.decisions(request.getRequestId())).isEmpty();
        assertThat(registry.calls()).isZero();
    }

    @Test
    void aRequestWhoseDescriptorNamesAnotherProductIsDeadLetteredAndTheNextIsDecided() {
        String name = unique("mismatch");
        PublicationRequested request = request(example(name));
        request.setProductId("sales/someone-else");
        PublicationRequested next = request(example(unique("after-mismatch")));

        CompletableFuture<Void> acked = send(request);
        send(next);

        assertThat(awaitDecision(next).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(acked).isDone();
        assertThat(log.decisions(request.getRequestId())).isEmpty();
        assertThat(log.deadLetters(request.getRequestId()))
                .singleElement()
                .satisfies(dead -> assertThat(dead.reason()).contains("sales/someone-else", "sales/" + name));
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsBytesAndTheNextRequestIsDecided() {
        byte[] poison = ("not an Avro record " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Headers headers = new RecordHeaders()
                .add(DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA, poison)
                .add(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON, utf8("Unknown magic byte!"));
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(
                "mesh.publications.requested",
                0,
                7L,
                -1L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                "sales/poison",
                null,
                headers,
                Optional.empty());
        PublicationRequested next = request(example(unique("after-poison")));

        deliver(Message.<PublicationRequested>of(null)
                .addMetadata(new IncomingKafkaRecordMetadata<>(record, InMemoryGovernance.REQUESTS)));
        send(next);

        assertThat(awaitDecision(next).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.deadLetters())
                .filteredOn(dead -> Arrays.equals(dead.unreadable(), poison))
                .singleElement()
                .satisfies(dead -> assertThat(dead.reason()).isEqualTo("Unknown magic byte!"));
    }

    @Test
    void aRequestWithAnEmptyKeyIsDeadLetteredWithTheRuleNotAccepted() {
        PublicationRequested request = request(example(unique("empty-key")));
        PublicationRequested next = request(example(unique("after-empty-key")));

        CompletableFuture<Void> acked = sendAsKafkaRecord("", request);
        send(next);

        assertThat(awaitDecision(next).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(acked).isDone();
        assertThat(log.decisions(request.getRequestId())).isEmpty();
        assertThat(log.products(request.getRequestId())).isEmpty();
        assertThat(log.deadLetters(request.getRequestId())).singleElement().satisfies(dead -> {
            assertThat(dead.rules()).containsExactly("publication-request.key-present");
            assertThat(dead.reason()).contains("no key", "expected the product id as key");
        });
    }

    @Test
    void aRequestKeyedByAnotherProductIsDeadLetteredWithTheRule() {
        PublicationRequested request = request(example(unique("wrong-key")));

        sendAsKafkaRecord("sales/someone-else", request);

        await().atMost(AT_MOST)
                .until(() -> !log.deadLetters(request.getRequestId()).isEmpty());
        assertThat(log.deadLetters(request.getRequestId()))
                .singleElement()
                .satisfies(
                        dead -> assertThat(dead.rules()).containsExactly("publication-request.key-matches-product-id"));
        assertThat(log.decisions(request.getRequestId())).isEmpty();
    }

    @Test
    void aRequestWithAnEmptyRequestIdIsDeadLetteredWithTheRuleNotAccepted() {
        PublicationRequested request = request(example(unique("empty-id")));
        request.setRequestId("");
        PublicationRequested next = request(example(unique("after-empty-id")));

        send(request);
        send(next);

        assertThat(awaitDecision(next).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.decisions("")).isEmpty();
        assertThat(log.products("")).isEmpty();
        assertThat(log.deadLetters(""))
                .singleElement()
                .satisfies(dead -> assertThat(dead.rules()).containsExactly("publication-request.request-id-present"));
    }

    @Test
    void aRequestStamped1970IsDeadLetteredSoNoDecisionCarriesThatTime() {
        PublicationRequested request = request(example(unique("epoch")));
        request.setRequestedAt(Instant.EPOCH);

        send(request);

        await().atMost(AT_MOST)
                .until(() -> !log.deadLetters(request.getRequestId()).isEmpty());
        assertThat(log.deadLetters(request.getRequestId()))
                .singleElement()
                .satisfies(
                        dead -> assertThat(dead.rules()).containsExactly("publication-request.requested-at-in-window"));
        assertThat(log.decisions(request.getRequestId())).isEmpty();
    }

    @Test
    void aDecisionTheBrokerRefusesForItsSizeBecomesADeadLetterAndTheNextRequestIsDecided() {
        log.refuseNext(1);
        PublicationRequested request = request(example(unique("refused")));
        PublicationRequested next = request(example(unique("after-refused")));

        CompletableFuture<Void> acked = send(request);
        send(next);

        assertThat(awaitDecision(next).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(acked).isDone();
        assertThat(log.decisions(request.getRequestId())).isEmpty();
        assertThat(log.deadLetters(request.getRequestId()))
                .singleElement()
                .satisfies(dead -> assertThat(dead.reason()).contains("its decision could not be written"));
    }

    /** A batch the broker refuses is written one request at a time: only the refused one becomes a dead letter. */
    @Test
    void aBatchTheBrokerRefusesIsWrittenOneRequestAtATime() {
        PublicationRequested refused = request(example(unique("refused-in-batch")));
        PublicationRequested taken = request(example(unique("taken-in-batch")));
        log.refuseNext(2); // the batch, then the first request's decision

        CompletableFuture<Void> acked = deliver(Message.of(refused), Message.of(taken));

        await().atMost(AT_MOST).until(acked::isDone);
        assertThat(log.decisions(refused.getRequestId())).isEmpty();
        assertThat(log.deadLetters(refused.getRequestId()))
                .singleElement()
                .satisfies(dead -> assertThat(dead.reason()).contains("its decision could not be written"));
        assertThat(outcomeOf(taken)).isEqualTo(DecisionOutcome.ACCEPTED);
    }

    @Test
    void anUnreadableRecordWhoseDeadLetterIsRefusedGoesWithoutItsValueThenIsSkippedAndTheNextRequestIsDecided() {
        byte[] large = new byte[400 * 1024];
        byte[] larger = new byte[500 * 1024];
        PublicationRequested afterLarge = request(example(unique("after-large")));
        PublicationRequested afterLarger = request(example(unique("after-larger")));

        log.refuseNext(1); // the dead letter with its value is refused, the one without is written
        sendUnreadable(large, "Unknown magic byte!");
        send(afterLarge);
        assertThat(awaitDecision(afterLarge).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.deadLetters())
                .filteredOn(dead -> Arrays.equals(dead.unreadable(), large))
                .singleElement()
                .satisfies(dead -> {
                    assertThat(dead.valueDropped()).isTrue();
                    assertThat(dead.reason()).startsWith("Unknown magic byte!; the value was dropped");
                });

        log.refuseNext(2); // not even the dead letter without a value: the record is skipped, governance goes on
        sendUnreadable(larger, "Unknown magic byte!");
        send(afterLarger);
        assertThat(awaitDecision(afterLarger).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(log.deadLetters()).noneMatch(dead -> Arrays.equals(dead.unreadable(), larger));
        assertThat(log.skipped())
                .anySatisfy(skipped -> assertThat(skipped.why()).startsWith("nothing could be written"));
    }

    private void sendUnreadable(byte[] bytes, String reason) {
        Headers headers = new RecordHeaders()
                .add(DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA, bytes)
                .add(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON, utf8(reason));
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(
                "mesh.publications.requested",
                0,
                OFFSETS.incrementAndGet(),
                System.currentTimeMillis(),
                TimestampType.CREATE_TIME,
                -1,
                bytes.length,
                "sales/poison",
                null,
                headers,
                Optional.empty());
        deliver(Message.<PublicationRequested>of(null)
                .addMetadata(new IncomingKafkaRecordMetadata<>(record, InMemoryGovernance.REQUESTS)));
    }

    /** Sends as the Kafka connector delivers: the request with its record's key, topic, offset and time. */
    private CompletableFuture<Void> sendAsKafkaRecord(String key, PublicationRequested request) {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(
                "mesh.publications.requested",
                0,
                OFFSETS.incrementAndGet(),
                System.currentTimeMillis(),
                TimestampType.CREATE_TIME,
                -1,
                -1,
                key,
                request,
                new RecordHeaders(),
                Optional.empty());
        return deliver(Message.of(request)
                .addMetadata(new IncomingKafkaRecordMetadata<>(record, InMemoryGovernance.REQUESTS)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private PolicyDecided awaitDecision(PublicationRequested request) {
        await().atMost(AT_MOST)
                .until(() -> !log.decisions(request.getRequestId()).isEmpty());
        return log.decisions(request.getRequestId()).get(0);
    }

    /** Sends one request, a batch of one. */
    private CompletableFuture<Void> send(PublicationRequested request) {
        return deliver(Message.of(request));
    }

    /**
     * Delivers {@code records} as the Kafka connector delivers a poll: one message with every record's payload and,
     * in its batch metadata, every record as a message of its own. Returns the batch's acknowledgement.
     */
    @SafeVarargs
    private CompletableFuture<Void> deliver(Message<PublicationRequested>... records) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        List<PublicationRequested> payloads = new ArrayList<>();
        Arrays.stream(records).forEach(record -> payloads.add(record.getPayload()));
        channels.<Message<List<PublicationRequested>>>source(InMemoryGovernance.REQUESTS)
                .send(Message.of(payloads)
                        .withAck(() -> {
                            acked.complete(null);
                            return acked;
                        })
                        .addMetadata(new IncomingKafkaRecordBatchMetadata<String, PublicationRequested>(
                                ConsumerRecords.empty(),
                                List.<Message<?>>of(records),
                                InMemoryGovernance.REQUESTS,
                                0,
                                Map.of(),
                                0)));
        return acked;
    }

    private static PublicationRequested request(String yaml) {
        DataProduct product =
                DescriptorParser.parse("test.yaml", yaml).product().orElseThrow();
        return PublicationClient.request(product, "test", "test.yaml");
    }

    /** The shipped example under a unique name and without inputs, so tests do not depend on each other. */
    private static String example(String name) {
        return Fixtures.example("sales/orders-daily-summary")
                .replace("name: orders-daily-summary", "name: " + name)
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
    }

    /** {@code yaml} with {@code productId} as its one input. */
    private static String withInput(String yaml, String productId) {
        return yaml.replace("  output:\n", "  inputs:\n    - product: " + productId + "\n  output:\n");
    }

    private DecisionOutcome outcomeOf(PublicationRequested request) {
        return log.decisions(request.getRequestId()).get(0).getOutcome();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
