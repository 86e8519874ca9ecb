package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.testing.TestPlatform.RunningService;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * A replica killed with SIGKILL in the middle of a steady input stream and started again as the same replica (same
 * port, hence the same instance id and state directory), as a supervisor restarts a crashed process: no input is lost
 * or handled twice (outputs are counted by the ids of the inputs they answer), and readiness stays DOWN until the
 * replica answers correctly. Each test prints the time from the restart to the replica's first new output; these are
 * figures, not assertions (docs/local-platform.md, "Restarts").
 *
 * <p>To measure the alternatives: {@code -Dmeshplane.restart.as-new-replica=true} starts the killed service again on
 * a new port, so as a new member with new ids (what every restart was before static membership);
 * {@code -Dmeshplane.restart.properties="k=v;k=v"} adds settings to both starts of the service under test, e.g.
 * {@code mp.messaging.incoming.publication-requests.group.protocol=consumer}.
 */
class RestartIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String CHECKS_DOMAIN = "restarts";

    private TestPlatform platform;

    @BeforeEach
    void startPlatform() {
        platform = TestPlatform.start();
    }

    @AfterEach
    void stopPlatform() {
        platform.close();
    }

    @Test
    void governanceTakesItsRequestsBackAfterAKillAndDecidesEachOnce() {
        RunningService governance = startUnderTest(
                PlatformService.GOVERNANCE,
                Map.of(
                        "meshplane.policy-file",
                        TestPlatform.repositoryRoot()
                                .resolve("policies/mesh-policies.yaml")
                                .toString()));
        List<PublicationRequested> requests = IntStream.range(0, 40)
                .mapToObj(i -> PublicationClient.request(
                        DescriptorParser.parse("restart.yaml", descriptor("gov-" + i))
                                .product()
                                .orElseThrow(),
                        "restart-it",
                        "restart.yaml"))
                .toList();
        Set<String> ids =
                requests.stream().map(PublicationRequested::getRequestId).collect(Collectors.toSet());
        Predicate<PolicyDecided> ours = d -> ids.contains(d.getRequestId());

        try (KafkaProducer<String, PublicationRequested> cli = producer();
                Arrivals<PolicyDecided> decisions = new Arrivals<>(platform, Topics.GOVERNANCE_DECISIONS);
                SteadyStream stream = new SteadyStream(
                        requests.size(),
                        Duration.ofMillis(250),
                        i -> send(
                                cli,
                                Topics.PUBLICATIONS_REQUESTED,
                                requests.get(i).getProductId(),
                                requests.get(i)))) {
            awaitCount(() -> decisions.values(ours).size(), 10);
            governance.kill();
            decisions.awaitEverythingCommittedSoFar(WAIT);

            long restarted = System.nanoTime();
            // Sent again while governance is down, as a retrying producer would: already decided, not to decide again.
            requests.subList(0, 3).forEach(r -> send(cli, Topics.PUBLICATIONS_REQUESTED, r.getProductId(), r));
            restart(governance);
            long ready = System.nanoTime();
            stream.awaitAllSent(WAIT);
            awaitCount(() -> distinct(decisions.values(ours), PolicyDecided::getRequestId), requests.size());
            report("governance", restarted, ready, decisions.firstAfter(restarted, ours));

            List<PolicyDecided> decided = settled(() -> decisions.values(ours));
            assertThat(decided)
                    .extracting(PolicyDecided::getRequestId)
                    .as("one decision per request, the three sent again included")
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(decided).extracting(PolicyDecided::getOutcome).containsOnly(DecisionOutcome.ACCEPTED);
        }
    }

    @Test
    void qualityTakesItsResultsBackAfterAKillAndEvaluatesEachOnce() {
        platform.startGovernance();
        String product = CHECKS_DOMAIN + "/quality-" + shortId();
        assertThat(platform.publish(descriptor(product.substring(CHECKS_DOMAIN.length() + 1)))
                        .getOutcome())
                .isEqualTo(DecisionOutcome.ACCEPTED);
        RunningService quality = startUnderTest(PlatformService.QUALITY, Map.of());
        // Three days ago: 60 hourly runs end before now, inside the window the value rules accept.
        Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        int runs = 60;
        Predicate<CheckEvaluated> ours = c -> c.getProductId().equals(product);

        try (KafkaProducer<String, QualityResultReported> pipeline = producer();
                Arrivals<CheckEvaluated> checks = new Arrivals<>(platform, Topics.QUALITY_CHECKS);
                SteadyStream stream = new SteadyStream(
                        runs,
                        Duration.ofMillis(100),
                        i -> send(
                                pipeline,
                                Topics.QUALITY_RESULTS,
                                product,
                                QualityResultReported.newBuilder()
                                        .setProductId(product)
                                        .setRunId("run-" + i)
                                        .setObservedAt(day0.plus(Duration.ofHours(i)))
                                        .setRowCount(1000)
                                        .setColumns(List.of(new ColumnMetrics("customer_id", 0L, null, null, null)))
                                        .build()))) {
            awaitCount(() -> distinct(checks.values(ours), CheckEvaluated::getRunId), 15);
            quality.kill();
            checks.awaitEverythingCommittedSoFar(WAIT);

            String baseline = quality.url() + "/api/v1/baselines/" + product;
            long restarted = System.nanoTime();
            try (ReadinessWatch watch = new ReadinessWatch(quality.url(), () -> answers(baseline, 200))) {
                quality = restart(quality);
                long ready = System.nanoTime();
                stream.awaitAllSent(WAIT);
                awaitCount(() -> distinct(checks.values(ours), CheckEvaluated::getRunId), runs);
                report("quality", restarted, ready, checks.firstAfter(restarted, ours));
                assertThat(watch.broken()).as("answers while ready").isEmpty();
            }

            Map<String, Long> perCheck = settled(() -> checks.values(ours)).stream()
                    .collect(Collectors.groupingBy(c -> c.getRunId() + " " + c.getCheckId(), Collectors.counting()));
            assertThat(perCheck).as("each check of each run evaluated once").hasSize(runs * 3);
            assertThat(perCheck.values()).containsOnly(1L);
        }
    }

    @Test
    void freshnessTakesItsSignalsBackAfterAKillAndReportsEachOnce() {
        platform.startGovernance();
        String product = CHECKS_DOMAIN + "/freshness-" + shortId();
        assertThat(platform.publish(descriptor(product.substring(CHECKS_DOMAIN.length() + 1)))
                        .getOutcome())
                .isEqualTo(DecisionOutcome.ACCEPTED);
        RunningService freshness = startUnderTest(PlatformService.FRESHNESS, Map.of());
        Instant start = Instant.now();
        int signals = 60;
        Predicate<FreshnessStatusChanged> ours = s -> s.getProductId().equals(product) && s.getDataUpdatedAt() != null;

        try (KafkaProducer<String, FreshnessSignalled> pipeline = producer();
                Arrivals<FreshnessStatusChanged> status = new Arrivals<>(platform, Topics.FRESHNESS_STATUS);
                SteadyStream stream = new SteadyStream(
                        signals,
                        Duration.ofMillis(100),
                        i -> send(
                                pipeline,
                                Topics.FRESHNESS_SIGNALS,
                                product,
                                FreshnessSignalled.newBuilder()
                                        .setProductId(product)
                                        .setDataUpdatedAt(start.plusSeconds(i))
                                        .setRunId("run-" + i)
                                        .setEmittedAt(Instant.now())
                                        .build()))) {
            awaitCount(() -> distinct(status.values(ours), FreshnessStatusChanged::getDataUpdatedAt), 15);
            freshness.kill();
            status.awaitEverythingCommittedSoFar(WAIT);

            String current = freshness.url() + "/api/v1/freshness/" + product;
            long restarted = System.nanoTime();
            try (ReadinessWatch watch = new ReadinessWatch(freshness.url(), () -> answers(current, 200))) {
                freshness = restart(freshness);
                long ready = System.nanoTime();
                stream.awaitAllSent(WAIT);
                awaitCount(() -> distinct(status.values(ours), FreshnessStatusChanged::getDataUpdatedAt), signals);
                report("freshness", restarted, ready, status.firstAfter(restarted, ours));
                assertThat(watch.broken()).as("answers while ready").isEmpty();
            }

            assertThat(settled(() -> status.values(ours)))
                    .extracting(FreshnessStatusChanged::getDataUpdatedAt)
                    .as("one status record per signal")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, signals)
                            .mapToObj(start::plusSeconds)
                            .map(t -> t.truncatedTo(ChronoUnit.MILLIS))
                            .toList());
        }
    }

    @Test
    void theCatalogIsNotReadyBeforeItHasReplayedEveryProduct() {
        platform.startGovernance();
        String domain = "replay" + shortId();
        assertThat(platform.publish(descriptor(domain, "kept")).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        int bulk = 3000; // rejected requests of as many products: a catalog worth replaying
        try (KafkaProducer<String, PolicyDecided> decisions = producer()) {
            for (int i = 0; i < bulk; i++) {
                String id = domain + "/bulk-" + i;
                decisions.send(new ProducerRecord<>(Topics.GOVERNANCE_DECISIONS.name(), id, rejected(id)));
            }
            decisions.flush();
        }
        int expected = bulk + 1;
        RunningService first = startUnderTest(PlatformService.CATALOG, Map.of());
        Function<RunningService, String> list = c -> c.url() + "/api/v1/products?size=1&domain=" + domain;
        String kept = first.url() + "/api/v1/products/" + domain + "/kept";
        awaitCount(() -> total(list.apply(first)), expected);

        first.kill();
        long restarted = System.nanoTime();
        try (ReadinessWatch watch = new ReadinessWatch(first.url(), () -> {
            int listed = total(list.apply(first));
            int one = ReadinessWatch.status(kept);
            return listed == expected && one == 200
                    ? null
                    : "listed " + listed + " of " + expected + " products; GET " + kept + ": " + one;
        })) {
            RunningService catalog = restart(first);
            long ready = System.nanoTime();
            awaitCount(() -> total(list.apply(catalog)), expected);
            report("catalog", restarted, ready, Optional.of(System.nanoTime()));
            assertThat(watch.broken()).as("answers while ready").isEmpty();
        }
    }

    /**
     * The catalog keeps its products on disk, with its own changelogs. After it has read them and stopped, every
     * record of the decisions topic is deleted: the restarted replica still lists every product, from its stores,
     * without the topic. Restarted with its state folder deleted, the same replica restores its stores from its
     * changelogs: every product still, and nothing read from the input topics again.
     */
    @Test
    void theCatalogRestartsFromItsStoresOrItsChangelogsNotFromTheTopics() throws Exception {
        platform.startGovernance();
        String domain = "stores" + shortId();
        assertThat(platform.publish(descriptor(domain, "kept")).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        int bulk = 3000;
        try (KafkaProducer<String, PolicyDecided> decisions = producer()) {
            for (int i = 0; i < bulk; i++) {
                String id = domain + "/bulk-" + i;
                decisions.send(new ProducerRecord<>(Topics.GOVERNANCE_DECISIONS.name(), id, rejected(id)));
            }
            decisions.flush();
        }
        Function<RunningService, Integer> listed = c -> total(c.url() + "/api/v1/products?size=1&domain=" + domain);
        RunningService catalog = platform.startService(PlatformService.CATALOG, Map.of());
        awaitCount(() -> listed.apply(catalog), bulk + 1);
        catalog.process().stop(Duration.ofSeconds(30)); // a clean stop: the stores are flushed, the offsets committed

        deleteEveryRecord(Topics.GOVERNANCE_DECISIONS.name());
        long restarted = System.nanoTime();
        RunningService again = platform.restart(catalog);
        System.out.printf(
                Locale.ROOT,
                "catalog restart with %d products in its stores: ready in %.1f s%n",
                bulk + 1,
                (System.nanoTime() - restarted) / 1e9);
        assertThat(listed.apply(again))
                .as("every product, from the replica's stores: the topic no longer holds the rejections")
                .isEqualTo(bulk + 1);

        again.process().stop(Duration.ofSeconds(30));
        Path state = Path.of(again.properties().get("kafka-streams.state.dir"));
        try (Stream<Path> files = Files.walk(state)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        restarted = System.nanoTime();
        RunningService fresh = platform.restart(again);
        System.out.printf(
                Locale.ROOT,
                "catalog restart with an empty state folder: ready in %.1f s%n",
                (System.nanoTime() - restarted) / 1e9);
        assertThat(listed.apply(fresh))
                .as("a new state folder: restored from the changelogs, not from the topics")
                .isEqualTo(bulk + 1);
        given().get(fresh.url() + "/api/v1/products/" + domain + "/kept").then().statusCode(200);
    }

    /** Deletes every record of {@code topic} (the broker moves each partition's start to its end). */
    private void deleteEveryRecord(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, end) -> before.put(tp, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(before).all().get(30, TimeUnit.SECONDS);
        }
    }

    private RunningService startUnderTest(PlatformService service, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putAll(measuredProperties());
        return platform.startService(service, all);
    }

    /** The same replica again, or with {@code meshplane.restart.as-new-replica} a new one with the same settings. */
    private RunningService restart(RunningService replica) {
        return Boolean.getBoolean("meshplane.restart.as-new-replica")
                ? platform.startService(replica.service(), replica.properties())
                : platform.restart(replica);
    }

    private static Map<String, String> measuredProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String setting :
                System.getProperty("meshplane.restart.properties", "").split(";")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                properties.put(
                        setting.substring(0, eq).trim(),
                        setting.substring(eq + 1).trim());
            }
        }
        return properties;
    }

    private static void report(String service, long restarted, long ready, Optional<Long> firstOutput) {
        String how = (Boolean.getBoolean("meshplane.restart.as-new-replica") ? "new replica" : "same replica")
                + (measuredProperties().isEmpty() ? "" : ", " + measuredProperties());
        System.out.printf(Locale.ROOT, "restart-to-ready %s: %.1f s (%s)%n", service, (ready - restarted) / 1e9, how);
        System.out.printf(
                Locale.ROOT,
                "restart-to-first-output %s: %.1f s (%s)%n",
                service,
                (firstOutput.orElseThrow() - restarted) / 1e9,
                how);
    }

    private static String descriptor(String name) {
        return descriptor(CHECKS_DOMAIN, name);
    }

    private static String descriptor(String domain, String name) {
        return Fixtures.example("sales/orders-daily-summary")
                .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                .replace("name: orders-daily-summary", "name: " + name)
                .replace("domain: sales", "domain: " + domain);
    }

    private static PolicyDecided rejected(String productId) {
        long now = System.currentTimeMillis();
        return PolicyDecided.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setProductId(productId)
                .setVersion("0.1.0")
                .setOutcome(DecisionOutcome.REJECTED)
                .setViolations(List.of())
                .setRequestedAt(Instant.ofEpochMilli(now))
                .setDecidedAt(Instant.ofEpochMilli(now))
                .setEvaluationMicros(10)
                .setTotalMillis(1)
                .build();
    }

    private <V> KafkaProducer<String, V> producer() {
        return new KafkaProducer<>(ClientConfigs.avroProducer(platform.bootstrap(), platform.registryUrl()));
    }

    private static <V> void send(KafkaProducer<String, V> producer, MeshTopic<V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code total} of a list answer, -1 when the list did not answer 200 (or nothing listens). */
    private static int total(String listUrl) {
        try {
            Response response = given().get(listUrl);
            return response.statusCode() == 200 ? response.path("total") : -1;
        } catch (Exception e) { // RestAssured throws the connection's IOException unchecked
            return -1;
        }
    }

    private static String answers(String url, int expected) {
        int status = ReadinessWatch.status(url);
        return status == expected ? null : "GET " + url + " answered " + status;
    }

    private static void awaitCount(IntSupplier count, int atLeast) {
        Awaitility.await().atMost(WAIT).until(() -> count.getAsInt() >= atLeast);
    }

    /** The values once none has arrived for 3 s: a duplicate written late is counted too. */
    private static <V> List<V> settled(Supplier<List<V>> values) {
        AtomicInteger last = new AtomicInteger(-1);
        Awaitility.await()
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(30))
                .until(() -> last.getAndSet(values.get().size()) == last.get());
        return values.get();
    }

    private static <V, K> int distinct(List<V> values, Function<V, K> id) {
        return (int) values.stream().map(id).distinct().count();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
