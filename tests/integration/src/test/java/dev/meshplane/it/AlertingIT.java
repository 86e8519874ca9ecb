package dev.meshplane.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.restassured.specification.RequestSpecification;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.IncidentAction;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * Alert delivery end to end, on a secured broker (the service under its own ACLs), the real registry, a real SMTP
 * server (GreenMail) and real HTTP receivers: one that takes everything, one that answers 503 for a while, one that
 * refuses with 400. The delivering service is killed with SIGKILL while the failing receiver still refuses, and
 * restarted: every change reaches every destination, FIRING before RESOLVED, and what comes twice comes under the same
 * delivery key. A downstream product's owners get a notice naming the upstream and its on-call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingIT {

    private static final String SALES = "sales/orders-daily-summary";
    private static final String CUSTOMERS = "customers/customer-profile";
    private static final String SECRET = "it-" + java.util.UUID.randomUUID();
    private static final int ALERTS = 5;

    private static TestPlatform platform;
    private static GreenMail smtp;

    @BeforeAll
    static void start() {
        platform = TestPlatform.startSecured();
        platform.startGovernance();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void everyChangeReachesEveryDestinationInOrderThroughAFailingReceiverAndAKill() throws Exception {
        assertThat(platform.publish(Fixtures.example(CUSTOMERS)).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        // the sales product declares customers/customer-profile as an input: it hears when that one fails
        assertThat(platform.publish(Fixtures.example(SALES)).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);

        try (HookReceiver good = new HookReceiver(SECRET);
                HookReceiver flaky = new HookReceiver(SECRET);
                HookReceiver refusing = new HookReceiver(SECRET);
                KafkaConsumer<String, AlertDeliveryEnded> outcomes = platform.subscriber(Topics.ALERT_DELIVERIES);
                KafkaProducer<String, AlertStateChanged> raiser = new KafkaProducer<>(platform.harnessAuth()
                        .applyTo(ClientConfigs.avroProducer(platform.harnessBootstrap(), platform.registryUrl())))) {
            flaky.answer(503);
            refusing.answer(400);
            Path routing = routingFile(good, flaky, refusing);
            Map<String, String> props = Map.of(
                    "meshplane.alerting.routing-file", routing.toString(),
                    "meshplane.alerting.backoff-first", "200ms",
                    "meshplane.alerting.backoff-max", "1s",
                    "meshplane.alerting.attempts", "100",
                    "quarkus.mailer.port", Integer.toString(smtp.getSmtp().getPort()));
            TestPlatform.RunningService alerting =
                    platform.startService(PlatformService.ALERTING, props, Map.of("IT_HOOK_SECRET", SECRET));

            // five quality alerts on the sales product fire and resolve; one freshness alert fires upstream
            List<AlertStateChanged> changes = new ArrayList<>();
            Instant t = Instant.now();
            for (int i = 0; i < ALERTS; i++) {
                changes.add(alert(SALES, "check-" + i, AlertKind.QUALITY, AlertState.FIRING, t.plusMillis(i)));
            }
            for (int i = 0; i < ALERTS; i++) {
                changes.add(alert(SALES, "check-" + i, AlertKind.QUALITY, AlertState.RESOLVED, t.plusMillis(10 + i)));
            }
            changes.add(alert(CUSTOMERS, "freshness", AlertKind.FRESHNESS, AlertState.FIRING, t.plusMillis(20)));
            for (AlertStateChanged a : changes) {
                raiser.send(new ProducerRecord<>(
                        a.getKind() == AlertKind.FRESHNESS
                                ? Topics.FRESHNESS_ALERTS.name()
                                : Topics.QUALITY_ALERTS.name(),
                        a.getProductId(),
                        a));
            }
            raiser.flush();
            platform.sendRaw(Topics.QUALITY_ALERTS.name(), SALES, "not an alert".getBytes(StandardCharsets.UTF_8));

            // 11 changes and the notice to the sales product's owners: 12 delivery keys
            String notice = CUSTOMERS + "#freshness~" + SALES;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> good.keys().size() == 12);
            assertThat(flaky.received()).isEmpty(); // still down: the healthy receiver did not wait for it
            assertThat(flaky.refused()).isPositive();
            assertThat(good.received()).allMatch(HookReceiver.Received::signatureValid);
            assertThat(good.keys()).anyMatch(k -> k.startsWith(notice + "|FIRING|"));
            assertThat(good.received().stream()
                            .filter(r -> r.deliveryKey().startsWith(notice))
                            .findFirst())
                    .get()
                    .satisfies(r -> assertThat(r.body())
                            .contains("\"upstreamProduct\":\"" + CUSTOMERS + "\"")
                            .contains("\"upstreamOncall\":\"")
                            .contains("\"productId\":\"" + SALES + "\""));
            firingBeforeResolved(good);

            // killed mid-delivery: the flaky receiver's 12 deliveries are still being retried
            alerting.kill();
            int goodBefore = good.received().size();
            flaky.answer(200);
            alerting = platform.restart(alerting);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> flaky.keys().size() == 12);
            firingBeforeResolved(flaky);
            assertThat(flaky.keys()).containsExactlyInAnyOrderElementsOf(good.keys());
            assertThat(flaky.received()).allMatch(HookReceiver.Received::signatureValid);
            // what came again after the restart came under a key the receiver had already seen, with the same body
            Map<String, String> bodies = new HashMap<>();
            for (HookReceiver.Received r : good.received()) {
                String first = bodies.putIfAbsent(r.deliveryKey(), r.body());
                assertThat(first == null || first.equals(r.body()))
                        .as(r.deliveryKey())
                        .isTrue();
            }
            assertThat(good.keys()).hasSize(12);
            System.out.printf(
                    "AlertingIT: good receiver %d requests before the kill, %d after the restart; flaky %d%n",
                    goodBefore, good.received().size(), flaky.received().size());

            // the refusing receiver's delivery was dead at its first attempt, with its reason, on
            // mesh.alerts.deliveries
            // (written once all of the record's deliveries ended, so after the flaky receiver's)
            List<AlertDeliveryEnded> ended = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                outcomes.poll(Duration.ofMillis(300)).forEach(r -> ended.add(r.value()));
                return ended.stream().anyMatch(o -> o.getDestination().equals("refusing"));
            });
            assertThat(ended.stream()
                            .filter(o -> o.getDestination().equals("refusing"))
                            .findFirst())
                    .get()
                    .satisfies(o -> {
                        assertThat(o.getDelivered()).isFalse();
                        assertThat(o.getAttempts()).isEqualTo(1);
                        assertThat(o.getReason()).contains("refusing: HTTP 400").doesNotContain("127.0.0.1");
                    });
            assertThat(refusing.refused()).isBetween(1, 2); // once more when its record was read again

            // e-mail: every sales change and the notice reach the sales team's mailbox over SMTP; the notice, a
            // freshness alert upstream, also reaches the on-call's own mailbox (the product's spec.alerts route)
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> mailKeys("sales-data@company.com").size() == 11
                            && !mailKeys("jane.doe@company.com").isEmpty());
            assertThat(mailKeys("jane.doe@company.com"))
                    .singleElement()
                    .satisfies(k -> assertThat(k).startsWith(notice + "|FIRING|"));
            MimeMessage first = mails("sales-data@company.com").get(0);
            assertThat(first.getSubject()).matches("\\[(FIRING|RESOLVED)] sales/orders-daily-summary: .*");

            // the record that is not an alert is a dead letter with its reason; the service kept going
            assertThat(platform.awaitDeadLetters(
                            r -> Topics.QUALITY_ALERTS.name().equals(TestPlatform.deadLetterSource(r)),
                            Duration.ofSeconds(30)))
                    .isNotEmpty();
            alerting.kill();
        }
    }

    /**
     * The incidents the first test's alerts opened, acted on by people with their own tokens: the customers alert is
     * still firing, so it is notified again until its owning team acknowledges it; only that team (or the on-call)
     * may; a person resolves it saying why, and the destinations hear it.
     */
    @Test
    @Order(2)
    void theOwningTeamAcknowledgesAndResolvesAndOnlyItMay() throws Exception {
        IdentityProvider identity = platform.startIdentity();
        String customers = CUSTOMERS + "#freshness";
        try (HookReceiver hook = new HookReceiver(SECRET)) {
            Path routing = Files.createTempFile("alert-routing", ".yaml");
            Files.writeString(routing, """
                    apiVersion: mesh/v1
                    kind: AlertRouting
                    destinations:
                      hook: {type: webhook, url: %s, secret: "${IT_HOOK_SECRET}"}
                    routes:
                      - id: everything
                        to: [hook]
                    """.formatted(hook.url()));
            TestPlatform.RunningService alerting = platform.startService(
                    PlatformService.ALERTING,
                    Map.of(
                            "meshplane.alerting.routing-file",
                            routing.toString(),
                            "meshplane.alerting.group",
                            "meshplane-alerting-it-incidents", // reads every alert again
                            "meshplane.alerting.renotify-every",
                            "2s",
                            "quarkus.mailer.port",
                            Integer.toString(smtp.getSmtp().getPort())),
                    Map.of("IT_HOOK_SECRET", SECRET));
            String base = alerting.url() + "/api/alerts/";
            String path = CUSTOMERS + "%23freshness";

            // the sales alerts fired and resolved: their incidents are closed; the customers one is open
            api().get(base + SALES + "%23check-0").then().statusCode(200).body("state", equalTo("RESOLVED"));
            api().get(base + path).then().statusCode(200).body("state", equalTo("OPEN"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> hook.received().stream()
                            .anyMatch(r -> r.deliveryKey().startsWith(customers + "|FIRING|")
                                    && r.body().contains("Still firing, not acknowledged")));

            // nobody but team customers and its on-call; an unknown alert; a resolution without a reason
            api().auth()
                    .oauth2(identity.token("sara.owner", IdentityProvider.LOCAL_PASSWORD))
                    .post(base + path + "/ack")
                    .then()
                    .statusCode(403)
                    .body("detail", containsString("only team 'customers'"));
            api().post(base + path + "/ack").then().statusCode(401);
            String carlos = identity.token("carlos.owner", IdentityProvider.LOCAL_PASSWORD);
            api().auth()
                    .oauth2(carlos)
                    .post(base + "sales/no-such-product%23x/ack")
                    .then()
                    .statusCode(404)
                    .body("detail", containsString("no incident for alert 'sales/no-such-product#x'"));
            api().auth()
                    .oauth2(carlos)
                    .contentType("application/json")
                    .body("{}")
                    .post(base + path + "/resolve")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("say why"));

            api().auth()
                    .oauth2(carlos)
                    .post(base + path + "/ack")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("ACKNOWLEDGED"))
                    .body("acknowledgedBy", equalTo("carlos.owner"));
            // a re-notification already handed over when the acknowledgement landed may still arrive
            Awaitility.await()
                    .pollDelay(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            int before = stillFiring(hook);
            Awaitility.await()
                    .pollDelay(Duration.ofSeconds(5)) // two and a half periods: acknowledged, it is not notified again
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> true);
            assertThat(stillFiring(hook)).isEqualTo(before);

            api().auth()
                    .oauth2(carlos)
                    .contentType("application/json")
                    .body("{\"reason\": \"the upstream export was re-run\"}")
                    .post(base + path + "/resolve")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("RESOLVED"))
                    .body("resolvedBy", equalTo("carlos.owner"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> hook.received().stream()
                            .anyMatch(r -> r.deliveryKey().startsWith(customers + "|RESOLVED|")
                                    && r.body().contains("Resolved by carlos.owner: the upstream export was re-run")));
            api().auth().oauth2(carlos).post(base + path + "/ack").then().statusCode(409);

            // every act is an event on mesh.incidents
            try (KafkaConsumer<String, IncidentChanged> events = platform.subscriber(Topics.INCIDENTS)) {
                List<IncidentChanged> seen = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                    events.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
                    return seen.stream()
                            .anyMatch(i -> i.getAlertId().equals(customers)
                                    && i.getAction() == IncidentAction.RESOLVED
                                    && "carlos.owner".equals(i.getBy()));
                });
                assertThat(seen.stream()
                                .filter(i -> i.getAlertId().equals(customers))
                                .map(IncidentChanged::getAction))
                        .contains(IncidentAction.FIRED, IncidentAction.RENOTIFIED, IncidentAction.ACKNOWLEDGED);
            }
            alerting.kill();
        }
    }

    /** Requests whose paths are sent as written: an alert id's '#' is already %23, which must not become %2523. */
    private static RequestSpecification api() {
        return given().urlEncodingEnabled(false);
    }

    private static int stillFiring(HookReceiver hook) {
        return (int) hook.received().stream()
                .filter(r -> r.body().contains("Still firing, not acknowledged"))
                .count();
    }

    @Test
    @Order(3)
    void aRoutingFileWithAProblemIsRefusedAtStartNamingIt() throws Exception {
        Path bad = Files.createTempFile("routing", ".yaml");
        Files.writeString(bad, """
                apiVersion: mesh/v1
                kind: AlertRouting
                destinations:
                  hook: {type: webhook, url: http://127.0.0.1:9/hook, secret: plain-text-secret}
                routes:
                  - id: all
                    to: [hook, hoook]
                """);
        assertThatThrownBy(() -> platform.startService(
                        PlatformService.ALERTING, Map.of("meshplane.alerting.routing-file", bad.toString())))
                .hasMessageContaining("exited during start-up")
                .hasMessageContaining("destinations.hook.secret: must be an ${ENV} reference")
                .hasMessageContaining("routes[0] (all).to: unknown destination 'hoook'");
    }

    /** The messages the SMTP server took for {@code recipient}, in arrival order. */
    private static List<MimeMessage> mails(String recipient) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                if (Arrays.stream(m.getAllRecipients())
                        .anyMatch(a -> a.toString().equals(recipient))) {
                    out.add(m);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The delivery keys of the messages {@code recipient} got. */
    private static Set<String> mailKeys(String recipient) {
        Set<String> keys = new TreeSet<>();
        for (MimeMessage m : mails(recipient)) {
            try {
                keys.add(m.getHeader("X-Meshplane-Delivery", null));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    /** Per alert, the receiver's first FIRING arrived before its first RESOLVED. */
    private static void firingBeforeResolved(HookReceiver receiver) {
        Map<String, List<String>> states = new LinkedHashMap<>();
        for (String key : receiver.keys()) {
            String[] parts = key.split("\\|");
            states.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
        states.forEach((alertId, seen) -> assertThat(seen)
                .as(alertId)
                .isEqualTo(seen.size() == 2 ? List.of("FIRING", "RESOLVED") : List.of("FIRING")));
        assertThat(states.keySet().stream().filter(id -> id.startsWith(SALES)).collect(Collectors.toSet()))
                .hasSize(ALERTS);
    }

    private static Path routingFile(HookReceiver good, HookReceiver flaky, HookReceiver refusing) throws Exception {
        Path file = Files.createTempFile("alert-routing", ".yaml");
        Files.writeString(file, """
                apiVersion: mesh/v1
                kind: AlertRouting
                destinations:
                  good: {type: webhook, url: %s, secret: "${IT_HOOK_SECRET}"}
                  flaky: {type: webhook, url: %s, secret: "${IT_HOOK_SECRET}"}
                  refusing: {type: webhook, url: %s, secret: "${IT_HOOK_SECRET}"}
                  sales-mail: {type: email, to: [sales-data@company.com]}
                routes:
                  - id: everything
                    to: [good, flaky]
                  - id: sales-team
                    match: {domain: sales}
                    to: [sales-mail]
                  - id: customers-refused
                    match: {product: customers/customer-profile}
                    to: [refusing]
                """.formatted(good.url(), flaky.url(), refusing.url()));
        return file;
    }

    private static AlertStateChanged alert(String product, String check, AlertKind kind, AlertState state, Instant at) {
        return AlertStateChanged.newBuilder()
                .setAlertId(product + "#" + check)
                .setProductId(product)
                .setKind(kind)
                .setState(state)
                .setSummary(check + " " + state.name().toLowerCase())
                .setOwner(product.startsWith("sales") ? "sales-data@company.com" : "customers-data@company.com")
                .setOncall(product.startsWith("sales") ? "jane.doe@company.com" : "ravi.kumar@company.com")
                .setCheckId(check)
                .setChangedAt(at)
                .setDetails(Map.of())
                .build();
    }
}
