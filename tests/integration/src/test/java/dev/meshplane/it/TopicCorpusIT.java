package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.testing.TestPlatform.RunningService;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * The topic part of the bad-input corpus: for every topic a service reads, a record no reader can read (junk bytes,
 * zero bytes, 900 KB of junk, the Apicurio framing with a schema id the registry never issued) and a tombstone, each
 * keyed by the one published product, on the built services as processes (governance, catalog, quality, freshness).
 * The whole corpus is written at once, after a snapshot of what every service says about the product; each row then
 * checks the dead letters of its own record, found by the topic, partition and offset they name.
 *
 * <p>Each unreadable row must come back as exactly one dead letter per reader on {@code mesh.deadletter}: it names the
 * record's topic, partition and offset, keeps its key, says why, and holds its bytes (cut, and saying so, when they are
 * larger than the dead-letter cap). A tombstone is not unreadable: every reader skips it by design ("tombstones carry
 * nothing"), so its row asserts that no dead letter names it once a later record on the same partition has been handled
 * by every reader. After the corpus the product is as it was in every service, and a valid event on each topic is
 * still handled: governance decides a new version, quality evaluates a run, freshness takes a signal, the catalog shows
 * all of it. No dead letter names anything but the corpus, and none is written twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicCorpusIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PRODUCT = "sales/orders-daily-summary";

    /** 900 KiB: under the producer's max.request.size and the broker's message.max.bytes (both 1 MiB by default). */
    static final int OVERSIZED_BYTES = 900 * 1024;

    /**
     * A content id the fresh registry never issued. The Apicurio 3.x serdes frame a value as magic byte 0, then the
     * schema's content id as a 4-byte big-endian int (Default4ByteIdHandler, {@code apicurio.registry.use-id}
     * contentId), then the Avro binary.
     */
    static final int UNKNOWN_CONTENT_ID = 2_000_000_123;

    /** Who reads each topic and dead-letters what it cannot read. */
    private static final Map<MeshTopic<?>, List<String>> READERS = readers();

    private static TestPlatform platform;
    private static RunningService catalog;
    private static RunningService quality;
    private static RunningService freshness;
    private static KafkaProducer<String, byte[]> raw;
    private static DeadLetterLog deadLetters;
    private static String descriptor;
    private static Snapshot before;
    /** Every record the corpus sent, with how many dead letters must name it. */
    private static final Map<Where, Integer> expected = new LinkedHashMap<>();

    private static final Map<Row, Sent> corpus = new LinkedHashMap<>();

    private static Map<MeshTopic<?>, List<String>> readers() {
        Map<MeshTopic<?>, List<String>> r = new LinkedHashMap<>();
        r.put(Topics.PUBLICATIONS_REQUESTED, List.of("governance"));
        // governance reads it too, into its view of versions, and skips what it cannot read (failure-strategy=ignore)
        r.put(Topics.PRODUCTS, List.of("catalog", "quality", "freshness"));
        // likewise governance's view of decided requests
        r.put(Topics.GOVERNANCE_DECISIONS, List.of("catalog"));
        r.put(Topics.QUALITY_RESULTS, List.of("quality"));
        r.put(Topics.QUALITY_CHECKS, List.of("catalog"));
        r.put(Topics.QUALITY_ALERTS, List.of("catalog"));
        r.put(Topics.FRESHNESS_ALERTS, List.of("catalog"));
        r.put(Topics.FRESHNESS_SIGNALS, List.of("freshness"));
        r.put(Topics.FRESHNESS_STATUS, List.of("catalog"));
        r.put(Topics.FEEDBACK, List.of("catalog"));
        // governance reads these four too, into its access ledger, and skips what it cannot read (with a warning)
        r.put(Topics.ACCESS_REQUESTS, List.of("catalog"));
        r.put(Topics.ACCESS_DECISIONS, List.of("catalog"));
        r.put(Topics.ACCESS_GRANTS, List.of("catalog"));
        r.put(Topics.ACCESS_OBSERVED, List.of("catalog"));
        return r;
    }

    /**
     * What the corpus sends, and what a dead letter of it must say. Every reader words the reason the same way
     * (libs/client Unreadable): in plain words what is wrong with the bytes, the type the topic carries, the registry
     * for an id it does not know, and then, in brackets, the Apicurio deserializer's own message, which alone would not
     * say it (bytes not starting with the magic byte are read as if the schema id were in headers, and there is none;
     * zero bytes fail on the first byte; an unknown id comes back as the registry's 404 problem, without the id).
     */
    enum Case {
        UNREADABLE("not a registry-framed Avro %1$s record: the first byte is 0x6E \\('n'\\), expected 0x00; it looks"
                + " like text \\(\\d+ bytes\\): \"not an event for .* — produce with the Apicurio Avro serializer .*"
                + " \\[java\\.lang\\.IllegalStateException: artifact reference cannot be null\\]"),
        EMPTY("an empty value \\(0 bytes\\): expected an Avro %1$s record framed for the registry \\(byte 0, a 4-byte"
                + " schema id, the data\\); a producer wrote nothing"
                + " \\[java\\.lang\\.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0\\]"),
        TOMBSTONE(null),
        OVERSIZED("not a registry-framed Avro %1$s record: the first byte is 0x6F \\('o'\\), expected 0x00; it looks"
                + " like text \\(" + OVERSIZED_BYTES + " bytes\\): \"oversized junk oversized junk .*"
                + " \\[java\\.lang\\.IllegalStateException: artifact reference cannot be null\\]"),
        UNKNOWN_SCHEMA_ID("schema id " + UNKNOWN_CONTENT_ID + " is unknown to the registry at %2$s.*: the record was"
                + " written against another registry, or its schema was deleted \\[.*ProblemDetails\\]");

        /**
         * A pattern the reason must contain, with the topic's value type for {@code %1$s} and the registry's address
         * for {@code %2$s}; null when no dead letter is due.
         */
        private final String reason;

        Case(String reason) {
            this.reason = reason;
        }

        /** The pattern a dead letter's reason of this case on {@code topic} must contain. */
        Pattern reason(MeshTopic<?> topic, String registryUrl) {
            return Pattern.compile(
                    String.format(reason, topic.valueType().getSimpleName(), Pattern.quote(registryUrl)));
        }

        byte[] value(String topic) {
            return switch (this) {
                case UNREADABLE -> utf8("not an event for " + topic);
                case EMPTY -> new byte[0];
                case TOMBSTONE -> null;
                case OVERSIZED -> oversized();
                case UNKNOWN_SCHEMA_ID ->
                    ByteBuffer.allocate(1 + 4 + 8)
                            .put((byte) 0)
                            .putInt(UNKNOWN_CONTENT_ID)
                            .put(utf8("\u0002corpus!")) // Avro-looking bytes: never reached
                            .array();
            };
        }
    }

    record Row(MeshTopic<?> topic, Case kase) {
        List<String> readers() {
            return READERS.get(topic);
        }

        @Override
        public String toString() {
            return topic.name() + " " + kase.name().toLowerCase().replace('_', ' ') + " ("
                    + String.join(", ", readers()) + ")";
        }
    }

    /** Where a record was written: what a dead letter names in its dead-letter-topic, -partition, -offset headers. */
    record Where(String topic, int partition, long offset) {}

    /** A row's record as written, and for a tombstone the record written after it. */
    record Sent(Where where, byte[] value, Where after) {}

    record Snapshot(
            int products, Map<String, Object> product, Map<String, Object> baseline, Map<String, Object> fresh) {}

    static Stream<Row> rows() {
        return READERS.keySet().stream()
                .flatMap(t -> Arrays.stream(Case.values()).map(c -> new Row(t, c)));
    }

    @BeforeAll
    static void startTheMeshWithOneProduct() {
        platform = TestPlatform.startSecured(); // every service reads and dead-letters as its own account
        platform.startGovernance();
        catalog = platform.startService(PlatformService.CATALOG, Map.of());
        quality = platform.startService(PlatformService.QUALITY, Map.of());
        freshness = platform.startService(PlatformService.FRESHNESS, Map.of());
        descriptor = Fixtures.example(PRODUCT).replace("  inputs:\n    - product: customers/customer-profile\n", "");
        assertThat(platform.publish(descriptor).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);

        // State in every service: a run in quality's baseline, a signal in freshness, both in the catalog.
        Instant dataAt = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, Object> pipeline = avroProducer()) {
            send(pipeline, Topics.QUALITY_RESULTS, result("run-0", 0));
            send(pipeline, Topics.FRESHNESS_SIGNALS, signal("run-0", dataAt));
        }
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(productUrl())
                        .then()
                        .statusCode(200)
                        .body("quality.latest.findAll { it.runId == 'run-0' }.size()", equalTo(3))
                        .body("freshness.dataUpdatedAt", equalTo(dataAt.toEpochMilli())));
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(baselineUrl()).then().statusCode(200));
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(freshnessUrl())
                        .then()
                        .statusCode(200)
                        .body("dataUpdatedAt", equalTo(dataAt.toString())));
        given().get(platform.registryUrl() + "/ids/contentIds/" + UNKNOWN_CONTENT_ID)
                .then()
                .statusCode(404);
        before = snapshot();

        Map<String, Object> rawConfig = platform.harnessClient(); // a broken producer the ACLs would let write
        rawConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        rawConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        rawConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        raw = new KafkaProducer<>(rawConfig);
        deadLetters = new DeadLetterLog(platform.harnessClient());
        // The whole corpus at once, so the readers work through it side by side; each row then checks its own record.
        rows().forEach(row -> corpus.put(row, send(row)));
    }

    /** Writes the row's record; a tombstone is followed by an unreadable record on the same partition. */
    private static Sent send(Row row) {
        String topic = row.topic().name();
        int readers = row.readers().size();
        byte[] value = row.kase().value(topic);
        Where bad = sendRaw(topic, value);
        if (row.kase() != Case.TOMBSTONE) {
            expected.put(bad, readers);
            return new Sent(bad, value, null);
        }
        Where after = sendRaw(topic, utf8("not an event, after a tombstone on " + topic));
        assertThat(after.partition()).as("same key, same partition").isEqualTo(bad.partition());
        expected.put(bad, 0);
        expected.put(after, readers);
        return new Sent(bad, value, after);
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aBadRecordIsDeadLetteredOncePerReaderWithTheReason(Row row) {
        int readers = row.readers().size();
        Sent sent = corpus.get(row);
        Where bad = sent.where();
        byte[] value = sent.value();

        if (row.kase() == Case.TOMBSTONE) {
            // Every reader skips tombstones by design. Proof it has been handled: the record after it on the same
            // partition is dead-lettered by every reader; by then none may have dead-lettered the tombstone (a
            // reader's dead letters of one key go to one partition of mesh.deadletter, in the order it wrote them).
            assertThat(deadLetters.await(sent.after(), readers)).hasSize(readers);
            assertThat(deadLetters.of(bad)).as("dead letters of a tombstone").isEmpty();
            return;
        }
        List<ConsumerRecord<String, byte[]>> letters = deadLetters.await(bad, readers);
        assertThat(letters).as("one dead letter per reader").hasSize(readers);
        for (ConsumerRecord<String, byte[]> letter : letters) {
            String reason = header(letter, Topics.DLQ_REASON_HEADER);
            assertThat(letter.key()).isEqualTo(PRODUCT);
            assertThat(reason).as("reason").containsPattern(row.kase().reason(row.topic(), platform.registryUrl()));
            if (row.kase() == Case.OVERSIZED) {
                assertThat(header(letter, Topics.DLQ_TRUNCATED_HEADER)).isEqualTo("true");
                assertThat(header(letter, Topics.DLQ_ORIGINAL_SIZE_HEADER)).isEqualTo(String.valueOf(value.length));
                assertThat(letter.value()).isNotEmpty().hasSizeLessThan(value.length);
                assertThat(value).startsWith(letter.value());
            } else {
                assertThat(letter.value()).as("the original bytes").isEqualTo(value);
                assertThat(header(letter, Topics.DLQ_TRUNCATED_HEADER)).isNull();
            }
        }
    }

    @Order(2)
    @Test
    void theCorpusChangedNothingInAnyService() {
        Snapshot after = snapshot();
        assertThat(after.products()).as("products in the catalog").isEqualTo(before.products());
        assertThat(after.product()).as("the product in the catalog").isEqualTo(before.product());
        assertThat(after.baseline()).as("the product's baseline in quality").isEqualTo(before.baseline());
        assertThat(after.fresh()).as("the product's freshness").isEqualTo(before.fresh());
    }

    @Order(3)
    @Test
    void everyReaderStillHandlesAValidEventOnEveryTopic() {
        // mesh.publications.requested (governance): a new version is decided ...
        String next = descriptor
                .replace("version: 1.2.0", "version: 1.3.0")
                .replace("target: 15m", "target: 20m")
                .replace(
                        "        max: 10000000\n",
                        "        max: 10000000\n      - type: null_rate\n        column: amount\n        threshold: 0.05\n");
        assertThat(next).contains("version: 1.3.0", "target: 20m", "column: amount");
        PolicyDecided decided = platform.publish(next);
        assertThat(decided.getOutcome()).as(decided.getViolations().toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        // ... and its product and decision reach the catalog (mesh.products, mesh.governance.decisions) ...
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(productUrl())
                        .then()
                        .statusCode(200)
                        .body("summary.version", equalTo("1.3.0"))
                        .body("versions", equalTo(2))
                        .body("decisions", equalTo(2)));
        // ... and freshness (mesh.products).
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(freshnessUrl()).then().body("target", equalTo(1200.0f)));

        Instant dataAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, Object> producer = avroProducer()) {
            // mesh.quality.results (quality), with half the customer ids null: a failing check and an alert.
            send(producer, Topics.QUALITY_RESULTS, result("run-1", 500));
            // mesh.freshness.signals (freshness)
            send(producer, Topics.FRESHNESS_SIGNALS, signal("run-1", dataAt));
            // mesh.alerts.freshness (catalog): as freshness writes one
            send(
                    producer,
                    Topics.FRESHNESS_ALERTS,
                    AlertStateChanged.newBuilder()
                            .setAlertId(PRODUCT + "#freshness")
                            .setProductId(PRODUCT)
                            .setKind(AlertKind.FRESHNESS)
                            .setState(AlertState.FIRING)
                            .setSummary(PRODUCT + ": a valid alert after the corpus")
                            .setChangedAt(Instant.now())
                            .build());
        }
        // mesh.feedback (catalog): the event the catalog's feedback endpoint writes for a signed-in consumer
        try (KafkaProducer<String, Object> producer = avroProducer()) {
            send(
                    producer,
                    Topics.FEEDBACK,
                    ConsumerFeedbackGiven.newBuilder()
                            .setFeedbackId(UUID.randomUUID().toString())
                            .setProductId(PRODUCT)
                            .setScore(9)
                            .setTeam("analytics")
                            .setPerson("ana.analyst")
                            .setGivenAt(Instant.now())
                            .build());
        }

        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(baselineUrl()).then().body("count", equalTo(2)));
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(
                        () -> given().get(freshnessUrl()).then().body("dataUpdatedAt", equalTo(dataAt.toString())));
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> given().get(productUrl())
                        .then()
                        // quality evaluated the run with version 1.3.0's checks (mesh.products), catalog read
                        // mesh.quality.checks
                        .body("quality.latest.find { it.checkId == 'null_rate:amount' }.runId", equalTo("run-1"))
                        // mesh.alerts.quality, mesh.alerts.freshness
                        .body("openAlerts.alertId", hasItem(PRODUCT + "#null_rate:customer_id"))
                        .body("openAlerts.alertId", hasItem(PRODUCT + "#freshness"))
                        // mesh.freshness.status, written by freshness for the signal
                        .body("freshness.dataUpdatedAt", equalTo(dataAt.toEpochMilli()))
                        .body("freshness.targetMillis", equalTo(1_200_000))
                        .body("feedback.responses", equalTo(1)));
    }

    @Order(4)
    @Test
    void noDeadLetterNamesAnythingButTheCorpusAndNoneIsRepeated() {
        Map<Where, Integer> dueOnly = expected.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<Where, Integer> found = deadLetters.all().stream()
                .map(TopicCorpusIT::source)
                .filter(w -> READERS.keySet().stream().anyMatch(t -> t.name().equals(w.topic())))
                .collect(Collectors.toMap(Function.identity(), w -> 1, Integer::sum));
        assertThat(found).isEqualTo(dueOnly);
    }

    private static Snapshot snapshot() {
        Map<String, Object> fresh = new HashMap<>(given().get(freshnessUrl())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$"));
        fresh.remove("age"); // both measured at the request
        fresh.remove("compliance30d");
        return new Snapshot(
                given().get(catalog.url() + "/api/v1/products")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("total"),
                given().get(productUrl())
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap("$"),
                given().get(baselineUrl())
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap("$"),
                fresh);
    }

    private static String productUrl() {
        return catalog.url() + "/api/v1/products/" + PRODUCT;
    }

    private static String baselineUrl() {
        return quality.url() + "/api/v1/baselines/" + PRODUCT;
    }

    private static String freshnessUrl() {
        return freshness.url() + "/api/v1/freshness/" + PRODUCT;
    }

    private static QualityResultReported result(String runId, long nullCustomerIds) {
        return QualityResultReported.newBuilder()
                .setProductId(PRODUCT)
                .setRunId(runId)
                .setObservedAt(Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS))
                .setRowCount(1000)
                .setColumns(List.of(
                        new ColumnMetrics("customer_id", nullCustomerIds, null, null, null),
                        new ColumnMetrics("amount", 0L, null, null, null)))
                .build();
    }

    private static FreshnessSignalled signal(String runId, Instant dataAt) {
        return FreshnessSignalled.newBuilder()
                .setProductId(PRODUCT)
                .setDataUpdatedAt(dataAt)
                .setRunId(runId)
                .setEmittedAt(Instant.now())
                .build();
    }

    private static KafkaProducer<String, Object> avroProducer() {
        return new KafkaProducer<>(platform.harnessAuth()
                .applyTo(ClientConfigs.avroProducer(platform.harnessBootstrap(), platform.registryUrl())));
    }

    private static void send(KafkaProducer<String, Object> producer, MeshTopic<?> topic, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), PRODUCT, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic.name(), e);
        }
    }

    /** Writes {@code value} as it is, keyed by the product like every event about it, as a broken producer would. */
    private static Where sendRaw(String topic, byte[] value) {
        try {
            RecordMetadata m =
                    raw.send(new ProducerRecord<>(topic, PRODUCT, value)).get(30, TimeUnit.SECONDS);
            return new Where(m.topic(), m.partition(), m.offset());
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    private static byte[] oversized() {
        byte[] junk = new byte[OVERSIZED_BYTES];
        byte[] pattern = utf8("oversized junk ");
        for (int i = 0; i < junk.length; i++) {
            junk[i] = pattern[i % pattern.length];
        }
        return junk;
    }

    private static Where source(ConsumerRecord<?, ?> letter) {
        String partition = header(letter, Topics.DLQ_SOURCE_PARTITION_HEADER);
        String offset = header(letter, Topics.DLQ_SOURCE_OFFSET_HEADER);
        return new Where(
                TestPlatform.deadLetterSource(letter),
                partition == null ? -1 : Integer.parseInt(partition),
                offset == null ? -1 : Long.parseLong(offset));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code mesh.deadletter} read from the beginning, committed records only (governance writes its dead letters in
     * the transaction that commits the record's offset), on the test's thread.
     */
    static final class DeadLetterLog implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        DeadLetterLog(Map<String, Object> harness) {
            Map<String, Object> config = new HashMap<>(harness);
            config.putAll(Map.of(
                    ConsumerConfig.CLIENT_ID_CONFIG,
                    "topic-corpus-" + UUID.randomUUID(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName()));
            consumer = new KafkaConsumer<>(config);
            partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The dead letters read so far that name {@code record}. */
        List<ConsumerRecord<String, byte[]>> of(Where record) {
            return seen.stream().filter(r -> record.equals(source(r))).toList();
        }

        /** Reads on until {@code count} dead letters name {@code record}; returns those. */
        List<ConsumerRecord<String, byte[]>> await(Where record, int count) {
            Awaitility.await()
                    .pollInSameThread()
                    .atMost(WAIT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        if (of(record).size() < count) {
                            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                        }
                        return of(record).size() >= count;
                    });
            return of(record);
        }

        /** Every dead letter up to the last committed one. */
        List<ConsumerRecord<String, byte[]>> all() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
