package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.ManagedProcess;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.testing.TestPlatform.RunningService;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * Failover with exact accounting: a three-broker cluster and two replicas of every service take a steady stream of
 * publications, quality results and freshness signals; a third of the way in, one broker and one replica of each
 * service are killed (SIGKILL), and started again a few seconds later. Then every publication has exactly one decision,
 * every run exactly one outcome per declared check, the alerts are exactly the state changes the runs cause (each
 * (alert id, state) once), every signal exactly one status record, and both catalog replicas give the same answers as
 * before. Prints the counts and, per service, the time from the kill to its first output after it.
 *
 * <p>Plaintext, without the identity provider: the secured cluster is {@link ClusterIT}'s; here the requests carry no
 * credential, as in {@link RestartIT}.
 */
class FailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String DOMAIN = "failover";
    private static final int PUBLICATIONS = 45;
    private static final int RUNS = 60;
    private static final int SIGNALS = 60;
    /** Runs fail the null-rate check in blocks: 0-9 pass, 10-19 fail, ... so 5 state changes in 60 runs. */
    private static final int BLOCK = 10;

    private TestPlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aBrokerAndOneReplicaOfEachServiceKilledMidStreamLoseNothingAndRepeatNothing() {
        platform = TestPlatform.start(3);
        Map<String, String> policy = Map.of(
                "meshplane.policy-file",
                TestPlatform.repositoryRoot()
                        .resolve("policies/mesh-policies.yaml")
                        .toString());
        Map<PlatformService, List<RunningService>> replicas = new LinkedHashMap<>();
        replicas.put(
                PlatformService.GOVERNANCE,
                List.of(
                        platform.startService(PlatformService.GOVERNANCE, policy),
                        platform.startService(PlatformService.GOVERNANCE, policy)));
        for (PlatformService s : List.of(PlatformService.QUALITY, PlatformService.FRESHNESS, PlatformService.CATALOG)) {
            replicas.put(s, List.of(platform.startService(s, Map.of()), platform.startService(s, Map.of())));
        }
        String product = DOMAIN + "/checked-" + shortId();
        assertThat(platform.publish(descriptor(product)).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        List<PublicationRequested> requests = IntStream.range(0, PUBLICATIONS)
                .mapToObj(i -> PublicationClient.request(
                        DescriptorParser.parse("failover.yaml", descriptor(DOMAIN + "/pub-" + i + "-" + shortId()))
                                .product()
                                .orElseThrow(),
                        "failover-it",
                        "failover.yaml"))
                .toList();
        Set<String> requestIds =
                requests.stream().map(PublicationRequested::getRequestId).collect(Collectors.toSet());
        Predicate<PolicyDecided> ourDecisions = d -> requestIds.contains(d.getRequestId());
        Predicate<CheckEvaluated> ourChecks = c -> c.getProductId().equals(product);
        Predicate<AlertStateChanged> ourAlerts = a -> a.getProductId().equals(product);
        Predicate<FreshnessStatusChanged> ourStatus =
                s -> s.getProductId().equals(product) && s.getDataUpdatedAt() != null;
        Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        Instant signalStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        warmUp(replicas);
        Map<String, String> catalogBefore = catalogAnswers(replicas.get(PlatformService.CATALOG), product);

        Map<String, Long> recovery = new LinkedHashMap<>();
        try (KafkaProducer<String, Object> producer =
                        new KafkaProducer<>(ClientConfigs.avroProducer(platform.bootstrap(), platform.registryUrl()));
                Arrivals<PolicyDecided> decisions = new Arrivals<>(platform, Topics.GOVERNANCE_DECISIONS);
                Arrivals<CheckEvaluated> checks = new Arrivals<>(platform, Topics.QUALITY_CHECKS);
                Arrivals<AlertStateChanged> alerts = new Arrivals<>(platform, Topics.QUALITY_ALERTS);
                Arrivals<FreshnessStatusChanged> status = new Arrivals<>(platform, Topics.FRESHNESS_STATUS);
                SteadyStream publications = new SteadyStream(
                        PUBLICATIONS,
                        Duration.ofMillis(300),
                        i -> send(
                                producer,
                                Topics.PUBLICATIONS_REQUESTED,
                                requests.get(i).getProductId(),
                                requests.get(i)));
                SteadyStream results = new SteadyStream(
                        RUNS,
                        Duration.ofMillis(180),
                        i -> send(producer, Topics.QUALITY_RESULTS, product, result(product, i, day0)));
                SteadyStream signals = new SteadyStream(
                        SIGNALS,
                        Duration.ofMillis(300),
                        i -> send(
                                producer,
                                Topics.FRESHNESS_SIGNALS,
                                product,
                                FreshnessSignalled.newBuilder()
                                        .setProductId(product)
                                        .setDataUpdatedAt(signalStart.plusSeconds(i))
                                        .setRunId("signal-" + i)
                                        .setEmittedAt(Instant.now())
                                        .build()))) {
            awaitCount(() -> Math.min(publications.sent(), Math.min(results.sent(), signals.sent())), RUNS / 3);

            assertThat(List.of(publications.sent(), results.sent(), signals.sent()))
                    .as("the kill comes mid-stream: publications, results and signals are still being sent")
                    .satisfiesExactly(
                            n -> assertThat(n).isLessThan(PUBLICATIONS),
                            n -> assertThat(n).isLessThan(RUNS),
                            n -> assertThat(n).isLessThan(SIGNALS));
            System.out.printf(
                    "failover: killing after %d publications, %d results, %d signals sent%n",
                    publications.sent(), results.sent(), signals.sent());
            long killedAt = System.nanoTime();
            platform.killBroker(2);
            replicas.values().forEach(r -> r.get(1).kill());
            sleep(Duration.ofSeconds(5));
            platform.restartBroker(2);
            List<RunningService> restarted = new ArrayList<>();
            replicas.values().forEach(r -> restarted.add(platform.restart(r.get(1))));
            System.out.printf(
                    "failover: all started again %d ms after the kill%n", (System.nanoTime() - killedAt) / 1_000_000);

            publications.awaitAllSent(WAIT);
            results.awaitAllSent(WAIT);
            signals.awaitAllSent(WAIT);
            awaitCount(() -> distinctDecisions(decisions.values(ourDecisions)), PUBLICATIONS);
            awaitCount(() -> distinct(checks.values(ourChecks)), RUNS);
            awaitCount(() -> status.values(ourStatus).size(), SIGNALS);
            decisions.awaitEverythingCommittedSoFar(WAIT);
            checks.awaitEverythingCommittedSoFar(WAIT);
            alerts.awaitEverythingCommittedSoFar(WAIT);
            status.awaitEverythingCommittedSoFar(WAIT);

            recovery.put("governance", since(killedAt, decisions.firstAfter(killedAt, ourDecisions)));
            recovery.put("quality", since(killedAt, checks.firstAfter(killedAt, ourChecks)));
            recovery.put("freshness", since(killedAt, status.firstAfter(killedAt, ourStatus)));

            List<PolicyDecided> decided = decisions.values(ourDecisions);
            assertThat(decided)
                    .extracting(PolicyDecided::getRequestId)
                    .as("exactly one decision per publication")
                    .containsExactlyInAnyOrderElementsOf(requestIds);
            assertThat(decided).extracting(PolicyDecided::getOutcome).containsOnly(DecisionOutcome.ACCEPTED);

            Map<String, Long> perCheck = checks.values(ourChecks).stream()
                    .collect(Collectors.groupingBy(c -> c.getRunId() + " " + c.getCheckId(), Collectors.counting()));
            assertThat(perCheck).as("every run's three checks").hasSize(RUNS * 3);
            assertThat(perCheck.values()).as("each evaluated once").containsOnly(1L);

            List<String> changes = alerts.values(ourAlerts).stream()
                    .map(a -> a.getAlertId() + " " + a.getState())
                    .toList();
            String nullRate = product + "#null_rate:customer_id";
            assertThat(changes)
                    .as("one alert per state change of the null-rate check, in order, none twice")
                    .containsExactly(
                            nullRate + " " + AlertState.FIRING,
                            nullRate + " " + AlertState.RESOLVED,
                            nullRate + " " + AlertState.FIRING,
                            nullRate + " " + AlertState.RESOLVED,
                            nullRate + " " + AlertState.FIRING);

            assertThat(status.values(ourStatus))
                    .extracting(FreshnessStatusChanged::getDataUpdatedAt)
                    .as("one status record per signal")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, SIGNALS)
                            .mapToObj(signalStart::plusSeconds)
                            .toList());

            List<RunningService> catalogs =
                    List.of(replicas.get(PlatformService.CATALOG).get(0), restarted.get(3));
            long catalogKilled = killedAt;
            Awaitility.await()
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> catalogAnswers(catalogs, product).values().stream()
                                    .distinct()
                                    .count()
                            == 1);
            recovery.put("catalog (both replicas agree)", (System.nanoTime() - catalogKilled) / 1_000_000);
            Map<String, String> after = catalogAnswers(catalogs, product);
            assertThat(Set.copyOf(catalogBefore.values()))
                    .as("both catalog replicas agree before the kills")
                    .hasSize(1);
            assertThat(Set.copyOf(after.values()))
                    .as("both catalog replicas agree after: every product of the domain (and the two others), the last"
                            + " run's checks")
                    .singleElement()
                    .satisfies(a -> assertThat(a)
                            .startsWith("200 " + (PUBLICATIONS + 2) + " 200")
                            .contains("run-" + (RUNS - 1))
                            .doesNotContain("run-" + (RUNS - 2)));
            System.out.printf(
                    "failover counts: %d publications -> %d decisions; %d runs -> %d check outcomes; %d alert"
                            + " changes (5 expected); %d signals -> %d status records%n",
                    PUBLICATIONS,
                    decided.size(),
                    RUNS,
                    perCheck.size(),
                    changes.size(),
                    SIGNALS,
                    status.values(ourStatus).size());
            recovery.forEach(
                    (service, ms) -> System.out.printf("failover: kill -> %s output again: %d ms%n", service, ms));
        }
    }

    /**
     * Every service working before the streams start (a Kafka Streams replica joining a group, its standby warming
     * up): a run and a signal of another product, and their outputs.
     */
    private void warmUp(Map<PlatformService, List<RunningService>> replicas) {
        String warm = DOMAIN + "/warm-" + shortId();
        assertThat(platform.publish(descriptor(warm)).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        try (KafkaProducer<String, Object> producer =
                        new KafkaProducer<>(ClientConfigs.avroProducer(platform.bootstrap(), platform.registryUrl()));
                Arrivals<CheckEvaluated> checks = new Arrivals<>(platform, Topics.QUALITY_CHECKS);
                Arrivals<FreshnessStatusChanged> status = new Arrivals<>(platform, Topics.FRESHNESS_STATUS)) {
            Instant now = Instant.now();
            send(producer, Topics.QUALITY_RESULTS, warm, result(warm, 0, now.minus(Duration.ofHours(1))));
            try {
                // Freshness ignores a signal for a product it does not track yet (seen in CI: the signal overtook the
                // publication to a replica still joining its group), so the signal goes once the product's first
                // status, UNKNOWN, says it is tracked.
                awaitCount(
                        () -> status.values(c -> c.getProductId().equals(warm)).size(), 1);
                send(
                        producer,
                        Topics.FRESHNESS_SIGNALS,
                        warm,
                        FreshnessSignalled.newBuilder()
                                .setProductId(warm)
                                .setDataUpdatedAt(now.minus(Duration.ofMinutes(1)))
                                .setRunId("warm")
                                .setEmittedAt(Instant.now())
                                .build());
                awaitCount(
                        () -> checks.values(c -> c.getProductId().equals(warm)).size(), 3);
                awaitCount(
                        () -> status.values(c -> c.getProductId().equals(warm) && c.getDataUpdatedAt() != null)
                                .size(),
                        1);
            } catch (ConditionTimeoutException e) {
                // Seen once under CI load (quality gave no outcome for the warm-up run in 3 minutes); the services'
                // logs are gone with the platform, so the failure carries their ends.
                StringBuilder logs = new StringBuilder();
                for (PlatformService s : List.of(PlatformService.QUALITY, PlatformService.FRESHNESS)) {
                    for (RunningService r : replicas.get(s)) {
                        logs.append("\n--- the end of ")
                                .append(r.process().logFile())
                                .append(":\n")
                                .append(ManagedProcess.tail(r.process().logFile(), 40));
                    }
                }
                throw new AssertionError(
                        "the warm-up run and signal of " + warm + " got no outputs within " + WAIT + ": checks "
                                + checks.values(c -> c.getProductId().equals(warm))
                                        .size() + " of 3, statuses "
                                + status.values(c -> c.getProductId().equals(warm))
                                        .size() + logs,
                        e);
            }
        }
    }

    /** What each catalog replica says: the number of products in the domain and the checked product's latest run. */
    private static Map<String, String> catalogAnswers(List<RunningService> catalogs, String product) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RunningService c : catalogs) {
            try {
                var list = given().get(c.url() + "/api/v1/products?domain=" + DOMAIN);
                var detail = given().get(c.url() + "/api/v1/products/" + product);
                out.put(
                        c.url(),
                        list.statusCode() + " " + list.path("total") + " " + detail.statusCode() + " "
                                + detail.path("quality.latest.runId"));
            } catch (RuntimeException e) {
                out.put(c.url(), "no answer: " + e.getMessage());
            }
        }
        return out;
    }

    private static QualityResultReported result(String product, int i, Instant day0) {
        boolean failing = (i / BLOCK) % 2 == 1;
        return QualityResultReported.newBuilder()
                .setProductId(product)
                .setRunId("run-" + i)
                .setObservedAt(day0.plus(Duration.ofHours(i)))
                .setRowCount(1000)
                .setColumns(List.of(new ColumnMetrics("customer_id", failing ? 1000L : 0L, null, null, null)))
                .build();
    }

    private static String descriptor(String productId) {
        String name = productId.substring(productId.indexOf('/') + 1);
        return Fixtures.example("sales/orders-daily-summary")
                .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                .replace("name: orders-daily-summary", "name: " + name)
                .replace("domain: sales", "domain: " + DOMAIN);
    }

    private static <V> void send(KafkaProducer<String, Object> producer, MeshTopic<V> topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int distinct(List<CheckEvaluated> checks) {
        return (int) checks.stream().map(CheckEvaluated::getRunId).distinct().count();
    }

    private static int distinctDecisions(List<PolicyDecided> decisions) {
        return (int)
                decisions.stream().map(PolicyDecided::getRequestId).distinct().count();
    }

    private static void awaitCount(IntSupplier count, int atLeast) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> count.getAsInt() >= atLeast);
    }

    private static long since(long nanos, Optional<Long> at) {
        return at.map(t -> (t - nanos) / 1_000_000).orElse(-1L);
    }

    /** Waits {@code d} (the broker and the replicas stay down that long), with Awaitility's explicit bound. */
    private static void sleep(Duration d) {
        Awaitility.await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
