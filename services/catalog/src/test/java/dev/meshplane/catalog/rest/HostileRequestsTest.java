package dev.meshplane.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.testing.HostileRequest;

/**
 * The catalog's bad-input corpus: every endpoint, sent what a careless or hostile client sends (malformed and
 * oversized bodies, odd paths, wrong types, methods and content types). Each row is one request; each must be
 * answered with its status and an {@code application/problem+json} body whose detail says what to fix, and must change
 * nothing. Feedback rows carry a valid token of one team (analytics), so they reach the validation behind it; the
 * token rows send none, a refused one, or one that names no team or another team: no feedback on {@code mesh.feedback}, the catalog as it was. {@link #everyEndpointIsInTheCorpus} fails when
 * an endpoint in the OpenAPI document has no row. docs/testing.md lists the number of rows per endpoint.
 */
@QuarkusTest
@WithTestResource(TestIdentity.class)
class HostileRequestsTest {

    /** {@code quarkus.http.limits.max-body-size} of the catalog. */
    static final int LIMIT = 64 * 1024;

    static final String ORDERS = CatalogFixture.ORDERS;
    static final String FEEDBACK = "POST /api/v1/products/{domain}/{name}/feedback";

    @Inject
    FakeCatalogStore store;

    @Inject
    CatalogIndex index;

    @Inject
    @Any
    InMemoryConnector messaging;

    private InMemorySink<ConsumerFeedbackGiven> feedback;
    private String catalogBefore;

    @BeforeEach
    void mesh() {
        CatalogFixture.load(store, index);
        feedback = messaging.sink("feedback");
        feedback.clear();
        catalogBefore = catalog();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAProblemThatSaysWhatToFixAndChangesNothing(HostileRequest request) throws Exception {
        HttpResponse<String> answer = request.send(RestAssured.port);

        request.assertProblem(answer);
        assertThat(feedback.received()).as("feedback sent").isEmpty();
        assertThat(catalog()).as("the catalog after the request").isEqualTo(catalogBefore);
    }

    /**
     * The limit reads a chunked body whole before the resource does: one under the limit, in several chunks (50 KB of
     * JSON whitespace), must still arrive intact.
     */
    @Test
    void aChunkedBodyUnderTheLimitIsReadWhole() throws Exception {
        byte[] body = ("{\"score\": 9, \"comment\": \"" + "c".repeat(2000) + "\"" + " ".repeat(50_000) + "}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = post("chunked", "/api/v1/products/" + ORDERS + "/feedback")
                .chunked("application/json", body)
                .send(RestAssured.port);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(feedback.received())
                .singleElement()
                .satisfies(m -> assertThat(m.getPayload().getComment()).hasSize(2000));
        feedback.clear();
    }

    @Test
    void everyEndpointIsInTheCorpus() {
        Map<String, Long> rows = corpus().stream()
                .collect(Collectors.groupingBy(HostileRequest::endpoint, TreeMap::new, Collectors.counting()));
        Set<String> documented = new TreeSet<>();
        Map<String, Map<String, Object>> paths = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .path("paths");
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));

        assertThat(rows.keySet()).containsAll(documented);
        assertThat(rows).allSatisfy((endpoint, n) -> assertThat(n).as(endpoint).isGreaterThanOrEqualTo(6));
    }

    /** Every product (list, with details) and domain, as JSON: what "nothing changed" compares. */
    private static String catalog() {
        String list = given().get("/api/v1/products?size=100")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String orders = given().get("/api/v1/products/" + ORDERS)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String domains =
                given().get("/api/v1/domains").then().statusCode(200).extract().asString();
        return list + orders + domains;
    }

    static List<HostileRequest> corpus() {
        List<HostileRequest> all = new ArrayList<>();
        String product = "/api/v1/products/{domain}/{name}";
        all.addAll(productPath("GET " + product, ""));
        all.addAll(productPath("GET " + product + "/versions", "/versions"));
        all.addAll(productPath("GET " + product + "/decisions", "/decisions"));
        all.addAll(productPath("GET /api/v1/lineage/{domain}/{name}", ""));
        all.addAll(list());
        all.addAll(search());
        all.addAll(domains());
        all.addAll(health());
        all.addAll(feedback());
        return all;
    }

    /** An endpoint whose path names a product: odd ids, other methods, Accept, a body where none is taken. */
    private static List<HostileRequest> productPath(String endpoint, String suffix) {
        String base = endpoint.startsWith("GET /api/v1/lineage") ? "/api/v1/lineage/" : "/api/v1/products/";
        List<HostileRequest> rows = new ArrayList<>(
                HostileRequest.oddIds(endpoint, base, suffix, id -> "no product " + id + " in the catalog"));
        rows.addAll(HostileRequest.wrongUse(endpoint, base + ORDERS + suffix, "GET", LIMIT));
        if (endpoint.contains("lineage")) {
            for (String hops : List.of("abc", "0", "11", "99999999999", "1.5", "-1")) {
                rows.add(HostileRequest.get(endpoint, "hops=" + hops, "/api/v1/lineage/" + ORDERS + "?hops=" + hops)
                        .expectParameter(400, "hops", "hops must be"));
            }
        }
        return rows;
    }

    private static List<HostileRequest> list() {
        String e = "GET /api/v1/products";
        List<HostileRequest> rows = new ArrayList<>();
        for (String[] p : new String[][] {
            {"page", "-1", "page must be between 0"},
            {"page", "abc", "page must be a whole number, not 'abc'"},
            {"page", "99999999999", "page must be between 0 and"},
            {"size", "0", "size must be between 1"},
            {"size", "100000", "size must be between 1"},
            {"size", "1e3", "size must be a whole number, not '1e3'"},
            {"status", "DRAFT", "status is PUBLISHED or REJECTED, not 'DRAFT'"},
            {"status", "x".repeat(1000), "(1000 characters)"},
            {"hasOpenAlerts", "yes", "hasOpenAlerts is true or false"},
        }) {
            rows.add(HostileRequest.get(e, p[0] + "=" + abbreviate(p[1]), "/api/v1/products?" + p[0] + "=" + p[1])
                    .expectParameter(400, p[0], p[2]));
        }
        rows.addAll(HostileRequest.wrongUse(e, "/api/v1/products", "GET", LIMIT));
        return rows;
    }

    private static List<HostileRequest> search() {
        String e = "GET /api/v1/search";
        List<HostileRequest> rows = new ArrayList<>(List.of(
                HostileRequest.get(e, "no q", "/api/v1/search")
                        .expectParameter(400, "q", "q is the text to search for"),
                HostileRequest.get(e, "blank q", "/api/v1/search?q=%20%20")
                        .expectParameter(400, "q", "q is the text to search for"),
                HostileRequest.get(e, "q of 201 characters", "/api/v1/search?q=" + "o".repeat(201))
                        .expectParameter(400, "q", "q is at most 200 characters; this one has 201"),
                HostileRequest.get(e, "limit=0", "/api/v1/search?q=orders&limit=0")
                        .expectParameter(400, "limit", "limit must be between 1 and 200"),
                HostileRequest.get(e, "limit=abc", "/api/v1/search?q=orders&limit=abc")
                        .expectParameter(400, "limit", "limit must be a whole number")));
        rows.addAll(HostileRequest.wrongUse(e, "/api/v1/search?q=orders", "GET", LIMIT));
        return rows;
    }

    private static List<HostileRequest> domains() {
        String all = "GET /api/v1/domains";
        String one = "GET /api/v1/domains/{domain}";
        List<HostileRequest> rows = new ArrayList<>(HostileRequest.wrongUse(all, "/api/v1/domains", "GET", LIMIT));
        rows.addAll(List.of(
                HostileRequest.get(one, "unknown domain", "/api/v1/domains/finance")
                        .expect(404, "no domain finance in the catalog"),
                HostileRequest.get(one, "encoded slash", "/api/v1/domains/sales%2Forders-daily-summary")
                        .expect(404, "no domain sales/orders-daily-summary in the catalog"),
                HostileRequest.get(one, "domain of 3,000 characters", "/api/v1/domains/" + "d".repeat(3000))
                        .expect(404, "(3000 characters)"),
                HostileRequest.get(one, "encoded .. as the domain", "/api/v1/domains/..%2F..")
                        .expect(404, "no domain ../.. in the catalog")));
        rows.addAll(HostileRequest.wrongUse(one, "/api/v1/domains/sales", "GET", LIMIT));
        return rows;
    }

    private static List<HostileRequest> health() {
        String e = "GET /api/v1/mesh/health";
        List<HostileRequest> rows = new ArrayList<>(List.of(
                HostileRequest.get(e, "unknown domain", "/api/v1/mesh/health?domain=finance")
                        .expect(404, "no domain finance in the catalog"),
                HostileRequest.get(e, "domain of 3,000 characters", "/api/v1/mesh/health?domain=" + "d".repeat(3000))
                        .expect(404, "(3000 characters)")));
        rows.addAll(HostileRequest.wrongUse(e, "/api/v1/mesh/health", "GET", LIMIT));
        return rows;
    }

    private static List<HostileRequest> feedback() {
        String url = "/api/v1/products/" + ORDERS + "/feedback";
        List<HostileRequest> rows = new ArrayList<>(tokens(url));
        for (String[] b : new String[][] {
            {"score 5.5", "{\"score\": 5.5}", "score"},
            {"score 5.0", "{\"score\": 5.0}", "score"},
            {"score 1e1", "{\"score\": 1e1}", "score"},
            {"score 99", "{\"score\": 99}", "score"},
            {"score -50", "{\"score\": -50}", "score"},
            {"score 11", "{\"score\": 11}", "score"},
            {"score as text \"9\"", "{\"score\": \"9\"}", "score"},
            {"score as text \"ten\"", "{\"score\": \"ten\"}", "score"},
            {"score true", "{\"score\": true}", "score"},
            {"score null", "{\"score\": null}", "score"},
            {"score [9]", "{\"score\": [9]}", "score"},
            {"score {}", "{\"score\": {}}", "score"},
            {"score beyond an int", "{\"score\": 10000000000}", "score"},
            {"score beyond a long", "{\"score\": 99999999999999999999999999}", "score"},
            {"no score", "{\"team\": \"analytics\"}", "score"},
            {"empty object", "{}", "score"},
            {"team as a number", "{\"score\": 9, \"team\": 5}", "team"},
            {"team empty", "{\"score\": 9, \"team\": \"\"}", "team"},
            {"team blank", "{\"score\": 9, \"team\": \"   \"}", "team"},
            {"team of 101 characters", "{\"score\": 9, \"team\": \"" + "t".repeat(101) + "\"}", "team"},
            {"team as an object", "{\"score\": 9, \"team\": {\"name\": \"a\"}}", "team"},
            {"comment of 2,001 characters", "{\"score\": 9, \"comment\": \"" + "c".repeat(2001) + "\"}", "comment"},
            {"comment as an array", "{\"score\": 9, \"comment\": [\"a\"]}", "comment"},
            {"comment as true", "{\"score\": 9, \"comment\": true}", "comment"},
            {"misspelt field", "{\"score\": 9, \"coment\": \"lost\"}", "coment"},
            {"field of another API", "{\"score\": 9, \"productId\": \"sales/other\"}", "productId"},
        }) {
            rows.add(post(b[0], url).body("application/json", b[1]).expectParameter(400, b[2], b[2]));
        }
        for (String[] b : new String[][] {
            {"truncated JSON", "{\"score\": 9", "not valid JSON"},
            {"not JSON", "score=9", "not valid JSON"},
            {"two JSON values", "{\"score\": 9}{\"score\": 1}", "must be one JSON value"},
            {"a field given twice", "{\"score\": 1, \"score\": 9}", "Duplicate field 'score'"},
            {"a JSON array", "[{\"score\": 9}]", "request body must be a JSON object"},
            {"a JSON string", "\"9\"", "request body must be a JSON object"},
            {"a JSON number", "9", "request body must be a JSON object"},
            {"JSON null", "null", "score is a whole number from 0 to 10"},
            {"empty body", "", "score is a whole number from 0 to 10"},
            {"nested 5,000 deep", "{\"score\": " + "[".repeat(5000) + "]".repeat(5000) + "}", "request body"},
            {"a raw control character in a string", "{\"score\": 9, \"comment\": \"a\u0001b\"}", "not valid JSON"},
            {"single quotes", "{'score': 9}", "not valid JSON"},
            {"a comment in the JSON", "{\"score\": 9 /* ten */}", "not valid JSON"},
            {"NaN", "{\"score\": NaN}", "not valid JSON"},
        }) {
            rows.add(post(b[0], url).body("application/json", b[1]).expect(400, b[2]));
        }
        byte[] invalidUtf8 = concat(
                "{\"score\": 9, \"comment\": \"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                "\"}".getBytes(StandardCharsets.UTF_8));
        rows.add(post("invalid UTF-8 in the comment", url)
                .body("application/json", invalidUtf8)
                .expect(400, "not valid JSON"));
        byte[] big = json(LIMIT + 1);
        byte[] fiveMegabytes = json(5 * 1024 * 1024);
        rows.add(post("body one byte over 64 KiB", url)
                .body("application/json", big)
                .expect(413, "the request body is 65537 bytes, larger than the 64 KiB (65536 bytes)"));
        rows.add(post("body of 5 MiB", url)
                .body("application/json", fiveMegabytes)
                .expect(413, "the request body is 5 MiB (5242880 bytes), larger than the 64 KiB"));
        rows.add(post("chunked body over 64 KiB", url)
                .chunked("application/json", big)
                .expect(413, "the request body is larger than the 64 KiB (65536 bytes) this service accepts"));
        rows.add(post("chunked body of 5 MiB", url)
                .chunked("application/json", fiveMegabytes)
                .expect(413, "larger than the 64 KiB"));
        for (String type : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "application/yaml")) {
            rows.add(post("Content-Type " + type, url)
                    .body(type, "{\"score\": 9}")
                    .expect(415, "is not accepted by POST " + url));
        }
        rows.add(post("unknown product", "/api/v1/products/sales/nope/feedback")
                .body("application/json", "{\"score\": 9}")
                .expect(404, "no product sales/nope in the catalog"));
        rows.add(post("a product never published", "/api/v1/products/marketing/draft/feedback")
                .body("application/json", "{\"score\": 9}")
                .expect(409, "marketing/draft has never been published"));
        rows.add(post("encoded slash in the name", "/api/v1/products/sales/orders-daily-summary%2Fx/feedback")
                .body("application/json", "{\"score\": 9}")
                .expect(404, "no product sales/orders-daily-summary/x in the catalog"));
        rows.add(post("id of 3,000 characters", "/api/v1/products/sales/" + "n".repeat(3000) + "/feedback")
                .body("application/json", "{\"score\": 9}")
                .expect(404, "(3006 characters)"));
        rows.add(post("asks for XML", url)
                .accept("application/xml")
                .body("application/json", "{\"score\": 9}")
                .expect(406, "ask for application/json"));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            rows.add(feedbackRow(method + " instead of POST", method, url)
                    .body("application/json", "{\"score\": 9}")
                    .expect(405, method + " is not allowed"));
        }
        return rows;
    }

    /** A feedback row with a valid token of one team (analytics), so it reaches what it is about. */
    private static HostileRequest post(String name, String url) {
        return feedbackRow(name, "POST", url);
    }

    private static HostileRequest feedbackRow(String name, String method, String url) {
        return HostileRequest.of(FEEDBACK, name, method, url)
                .header("Authorization", Tokens.bearer("jane.doe", "analytics"));
    }

    /** Feedback with no token, a refused one, or one that does not allow what the body asks. */
    private static List<HostileRequest> tokens(String url) {
        String score = "{\"score\": 9}";
        List<HostileRequest> rows = new ArrayList<>();
        rows.add(HostileRequest.of(FEEDBACK, "no token", "POST", url)
                .body("application/json", score)
                .expect(401, "needs an access token and the request has none"));
        for (String[] a : new String[][] {
            {"Basic credentials", "Basic amFuZS5kb2U6c2VjcmV0"},
            {"Bearer and nothing else", "Bearer"},
            {
                "a token in another scheme",
                "Token " + Tokens.of("jane.doe", "analytics").jwt()
            },
        }) {
            rows.add(HostileRequest.of(FEEDBACK, a[0], "POST", url)
                    .header("Authorization", a[1])
                    .body("application/json", score)
                    .expect(401, "needs an access token"));
        }
        for (String[] a : new String[][] {
            {"not a token", "Bearer not-a-token", "was refused"},
            {"a token of 6,000 characters", "Bearer " + "x".repeat(6000), "was refused"},
            {"a JWT with no signature", "Bearer " + unsigned(), "was refused"},
            {
                "an expired token",
                Tokens.of("jane.doe", "analytics").expired(Duration.ofHours(1)).bearer(),
                "expired"
            },
            {"a forged token", Tokens.of("jane.doe", "analytics").forged().bearer(), "signature does not verify"},
            {
                "a token of another issuer",
                Tokens.of("jane.doe", "analytics")
                        .claim("iss", "https://evil.example/realms/meshplane")
                        .bearer(),
                "issued by another identity provider"
            },
            {
                "a token for another audience",
                Tokens.of("jane.doe", "analytics")
                        .claim("aud", List.of("account"))
                        .bearer(),
                "not meant for this service"
            },
        }) {
            rows.add(HostileRequest.of(FEEDBACK, a[0], "POST", url)
                    .header("Authorization", a[1])
                    .body("application/json", score)
                    .expect(401, a[2]));
        }
        rows.add(HostileRequest.of(FEEDBACK, "a token without a team", "POST", url)
                .header("Authorization", Tokens.bearer("jane.doe"))
                .body("application/json", score)
                .expect(403, "the token carries no team (claim groups)"));
        rows.add(post("a team the token does not name", url)
                .body("application/json", "{\"score\": 9, \"team\": \"sales\"}")
                .expectParameter(403, "team", "you are not in team 'sales': your token names analytics"));
        rows.add(HostileRequest.of(FEEDBACK, "several teams and none chosen", "POST", url)
                .header("Authorization", Tokens.bearer("jane.doe", "analytics", "sales"))
                .body("application/json", score)
                .expectParameter(400, "team", "you are in several teams (analytics, sales)"));
        rows.add(post("a person field", url)
                .body("application/json", "{\"score\": 9, \"person\": \"someone.else\"}")
                .expectParameter(400, "person", "is not a field of the request body"));
        return rows;
    }

    /** A token with {@code alg: none}: claims anyone could write. */
    private static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = Tokens.of("jane.doe", "analytics").jwt().split("\\.")[1];
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
    }

    /** A feedback of exactly {@code size} bytes: valid JSON, a comment padding it out. */
    private static byte[] json(int size) {
        String head = "{\"score\": 9, \"comment\": \"";
        String tail = "\"}";
        return (head + "c".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 5) + "...(" + s.length() + ")" : s;
    }
}
