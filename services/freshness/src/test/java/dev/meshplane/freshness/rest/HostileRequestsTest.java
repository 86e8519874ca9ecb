package dev.meshplane.freshness.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.freshness.streams.FakeTrackedStore;
import dev.meshplane.testing.HostileRequest;

/**
 * The freshness service's bad-input corpus: its one endpoint sent odd ids, other methods, XML asked for and bodies
 * over the limit. Each row must be answered with its status and an {@code application/problem+json} body whose detail
 * says what to fix, and must leave the tracked product as it was. docs/testing.md lists the number of rows.
 */
@QuarkusTest
class HostileRequestsTest {

    /** {@code quarkus.http.limits.max-body-size} of the freshness service. */
    static final int LIMIT = 64 * 1024;

    static final String PRODUCT = "sales/orders-daily-summary";
    static final String FRESHNESS = "GET /api/v1/freshness/{domain}/{name}";
    static final Instant SIGNALLED = Instant.parse("2026-11-20T06:00:00Z");

    @Inject
    FakeTrackedStore store;

    @BeforeEach
    void tracked() {
        Tracked t = new Tracked();
        t.version = "1.2.0";
        t.targetMillis = Duration.ofMinutes(15).toMillis();
        t.alertAfterMillis = Duration.ofMinutes(30).toMillis();
        t.trackedSince = SIGNALLED.minus(Duration.ofHours(1)).toEpochMilli();
        t.dataUpdatedAt = SIGNALLED.toEpochMilli();
        t.moveTo(FreshnessState.FRESH, SIGNALLED.toEpochMilli());
        store.put(PRODUCT, t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAProblemThatSaysWhatToFixAndChangesNothing(HostileRequest request) throws Exception {
        HttpResponse<String> answer = request.send(RestAssured.port);

        request.assertProblem(answer);
        given().get("/api/v1/freshness/" + PRODUCT)
                .then()
                .statusCode(200)
                .body("dataUpdatedAt", org.hamcrest.Matchers.equalTo(SIGNALLED.toString()));
        Tracked after = store.get(PRODUCT).orElseThrow();
        assertThat(after.dataUpdatedAt).isEqualTo(SIGNALLED.toEpochMilli());
        assertThat(after.version).isEqualTo("1.2.0");
    }

    @Test
    void everyEndpointIsInTheCorpus() {
        Map<String, Map<String, Object>> paths = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .path("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));

        assertThat(corpus().stream().map(HostileRequest::endpoint).collect(Collectors.toSet()))
                .containsAll(documented);
    }

    static List<HostileRequest> corpus() {
        String base = "/api/v1/freshness/";
        List<HostileRequest> rows =
                new ArrayList<>(HostileRequest.oddIds(FRESHNESS, base, "", id -> id + " is not tracked"));
        rows.addAll(HostileRequest.wrongUse(FRESHNESS, base + PRODUCT, "GET", LIMIT));
        rows.add(HostileRequest.get(FRESHNESS, "no name", base + "sales")
                .expect(404, "nothing at /api/v1/freshness/sales"));
        rows.add(HostileRequest.get(FRESHNESS, "one segment too many", base + PRODUCT + "/history")
                .expect(404, "nothing at /api/v1/freshness/" + PRODUCT + "/history"));
        rows.add(HostileRequest.get(FRESHNESS, "dot segments out of the API", base + "%2E%2E/%2E%2E/%2E%2E/nothing")
                .expect(404, "nothing at /nothing;"));
        return rows;
    }
}
