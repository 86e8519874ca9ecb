package dev.meshplane.quality.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
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

import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.quality.streams.FakeQualityStore;
import dev.meshplane.testing.HostileRequest;

/**
 * The quality service's bad-input corpus: its one endpoint sent odd ids, other methods, XML asked for and bodies over
 * the limit. Each row must be answered with its status and an {@code application/problem+json} body whose detail says
 * what to fix, and must leave the stored baseline as it was. docs/testing.md lists the number of rows.
 */
@QuarkusTest
class HostileRequestsTest {

    /** {@code quarkus.http.limits.max-body-size} of the quality service. */
    static final int LIMIT = 64 * 1024;

    static final String PRODUCT = "sales/orders-daily-summary";
    static final String BASELINE = "GET /api/v1/baselines/{domain}/{name}";

    @Inject
    FakeQualityStore store;

    private String baselineBefore;

    @BeforeEach
    void runs() {
        QualityState state = new QualityState();
        state.add(
                new QualityState.Run("d1", Instant.parse("2026-11-19T06:00:00Z").toEpochMilli(), 1000));
        state.add(
                new QualityState.Run("d2", Instant.parse("2026-11-20T06:00:00Z").toEpochMilli(), 1100));
        store.put(PRODUCT, state);
        baselineBefore = baseline();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAProblemThatSaysWhatToFixAndChangesNothing(HostileRequest request) throws Exception {
        HttpResponse<String> answer = request.send(RestAssured.port);

        request.assertProblem(answer);
        assertThat(baseline()).as("the baseline after the request").isEqualTo(baselineBefore);
        assertThat(store.state(PRODUCT).orElseThrow().runs())
                .extracting(QualityState.Run::runId)
                .containsExactly("d1", "d2");
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

    private static String baseline() {
        return given().get("/api/v1/baselines/" + PRODUCT)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    static List<HostileRequest> corpus() {
        String base = "/api/v1/baselines/";
        List<HostileRequest> rows = new ArrayList<>(
                HostileRequest.oddIds(BASELINE, base, "", id -> "no quality results for " + id + " yet"));
        rows.addAll(HostileRequest.wrongUse(BASELINE, base + PRODUCT, "GET", LIMIT));
        rows.add(HostileRequest.get(BASELINE, "no name", base + "sales")
                .expect(404, "nothing at /api/v1/baselines/sales"));
        rows.add(HostileRequest.get(BASELINE, "one segment too many", base + PRODUCT + "/runs")
                .expect(404, "nothing at /api/v1/baselines/" + PRODUCT + "/runs"));
        rows.add(HostileRequest.get(BASELINE, "dot segments out of the API", base + "%2E%2E/%2E%2E/%2E%2E/nothing")
                .expect(404, "nothing at /nothing;"));
        return rows;
    }
}
