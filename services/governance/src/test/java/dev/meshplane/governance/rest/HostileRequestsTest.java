package dev.meshplane.governance.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import dev.meshplane.governance.messaging.InMemoryGovernance;
import dev.meshplane.governance.messaging.PublishedProducts;
import dev.meshplane.testing.HostileRequest;

/**
 * Governance's bad-input corpus for its HTTP API: both endpoints sent other methods, content types it does not read,
 * XML asked for, bodies over the limit and odd paths. Each row must be answered with its status and an
 * {@code application/problem+json} body whose detail says what to fix, and must publish nothing. (Descriptors that are
 * YAML but hostile are answers, not errors: {@link PolicyResourceTest}.) docs/testing.md lists the number of rows.
 */
@QuarkusTest
@TestProfile(InMemoryGovernance.class)
class HostileRequestsTest {

    /** {@code quarkus.http.limits.max-body-size} of governance: the descriptor parser's own limit. */
    static final int LIMIT = 256 * 1024;

    static final String POLICIES = "GET /api/v1/policies";
    static final String EVALUATE = "POST /api/v1/policies/evaluate";

    @Inject
    PublishedProducts published;

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAProblemThatSaysWhatToFixAndPublishesNothing(HostileRequest request) throws Exception {
        HttpResponse<String> answer = request.send(RestAssured.port);

        request.assertProblem(answer);
        assertThat(published.versions().keySet()).noneMatch(id -> id.endsWith("/" + PolicyResourceTest.DRY_RUN));
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
        String descriptor = PolicyResourceTest.example();
        String url = "/api/v1/policies/evaluate";
        List<HostileRequest> rows =
                new ArrayList<>(HostileRequest.wrongUse(POLICIES, "/api/v1/policies", "GET", LIMIT));
        rows.add(HostileRequest.get(
                        POLICIES, "a policy by id (there is no such path)", "/api/v1/policies/owner-assigned")
                .expect(404, "nothing at /api/v1/policies/owner-assigned"));
        rows.add(HostileRequest.get(POLICIES, "encoded slash", "/api/v1/policies%2Fevaluate")
                .expect(404, "nothing at /api/v1/policies/evaluate"));

        rows.addAll(HostileRequest.wrongUse(EVALUATE, url, "POST", LIMIT, "application/yaml", descriptor));
        for (String type : List.of(
                "application/json",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "image/png")) {
            rows.add(HostileRequest.of(EVALUATE, "Content-Type " + type, "POST", url)
                    .body(type, descriptor)
                    .expect(415, "a body of Content-Type " + type + " is not accepted by POST " + url));
        }
        rows.add(HostileRequest.of(EVALUATE, "a descriptor of 5 MiB", "POST", url)
                .body("application/yaml", descriptor + "# " + "x".repeat(5 * 1024 * 1024) + "\n")
                .expect(413, "larger than the 256 KiB (262144 bytes) this service accepts"));
        rows.add(HostileRequest.of(EVALUATE, "one segment too many", "POST", url + "/now")
                .body("application/yaml", descriptor)
                .expect(404, "nothing at " + url + "/now"));
        rows.add(HostileRequest.of(EVALUATE, "dot segments", "POST", "/api/v1/policies/%2E%2E/evaluate")
                .body("application/yaml", descriptor)
                .expect(404, "nothing at /api/v1/evaluate"));
        rows.addAll(accessWithoutAToken());
        return rows;
    }

    /**
     * The access API acts for the token's person only: without a token every operation is a 401 that says how to get
     * one, and records nothing. What a valid token may and may not do is AccessDeskTest's (the rules) and AccessIT's
     * (with the real provider and broker).
     */
    static List<HostileRequest> accessWithoutAToken() {
        String json = "{\"product\":\"sales/orders-daily-summary\",\"team\":\"analytics\"}";
        String[][] calls = {
            {"POST /api/v1/access/requests", "POST", "/api/v1/access/requests"},
            {"GET /api/v1/access/requests", "GET", "/api/v1/access/requests"},
            {"GET /api/v1/access/requests/{id}", "GET", "/api/v1/access/requests/r-1"},
            {"POST /api/v1/access/requests/{id}/approve", "POST", "/api/v1/access/requests/r-1/approve"},
            {"POST /api/v1/access/requests/{id}/deny", "POST", "/api/v1/access/requests/r-1/deny"},
            {"GET /api/v1/access/products/{domain}/{name}", "GET", "/api/v1/access/products/sales/orders"},
            {
                "DELETE /api/v1/access/products/{domain}/{name}/grants/{team}",
                "DELETE",
                "/api/v1/access/products/sales/orders/grants/analytics"
            },
        };
        List<HostileRequest> rows = new ArrayList<>();
        for (String[] c : calls) {
            HostileRequest row = HostileRequest.of(c[0], "no token", c[1], c[2]);
            if ("POST".equals(c[1])) {
                row = row.body("application/json", json);
            }
            rows.add(row.expect(401, "needs an access token and the request has none"));
        }
        return rows;
    }
}
