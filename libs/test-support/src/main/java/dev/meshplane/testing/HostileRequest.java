package dev.meshplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;

/**
 * One row of a service's bad-input corpus (its {@code HostileRequestsTest}): a request and the problem it must be answered with. The path is sent as written
 * (percent-encoding kept); {@code headers} are sent besides Content-Type and Accept (an {@code Authorization}, say);
 * {@code detail} is a part of the expected detail; {@code parameter}, when set, the field or query parameter the
 * problem must name. A 401 must also carry a {@code WWW-Authenticate: Bearer} challenge.
 */
public record HostileRequest(
        String endpoint,
        String name,
        String method,
        String path,
        String contentType,
        byte[] body,
        boolean chunked,
        String accept,
        Map<String, String> headers,
        int status,
        String detail,
        String parameter) {

    /** RFC 9457's media type, what every error of every service is answered with. */
    public static final String PROBLEM = "application/problem+json";

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * Ids that name nothing, each sent to {@code prefix + id + suffix}: unknown, an encoded slash, an encoded
     * {@code ../..}, 3,000 characters, NUL and newline, invalid UTF-8. {@code notFound} is the detail for an id.
     */
    public static List<HostileRequest> oddIds(
            String endpoint, String prefix, String suffix, Function<String, String> notFound) {
        String longId = "sales/" + "x".repeat(3000);
        return List.of(
                get(endpoint, "unknown name", prefix + "sales/nope" + suffix).expect(404, notFound.apply("sales/nope")),
                get(endpoint, "unknown domain", prefix + "finance/orders-daily-summary" + suffix)
                        .expect(404, notFound.apply("finance/orders-daily-summary")),
                get(endpoint, "encoded slash in the name", prefix + "sales/orders%2Fdaily" + suffix)
                        .expect(404, notFound.apply("sales/orders/daily")),
                get(endpoint, "encoded ../.. as the name", prefix + "sales/..%2F..%2Fq" + suffix)
                        .expect(404, notFound.apply("sales/../../q")),
                get(endpoint, "id of 3,000 characters", prefix + longId + suffix)
                        .expect(404, "(" + longId.length() + " characters)"),
                get(endpoint, "NUL and newline in the id", prefix + "sales/a%00b%0Ac" + suffix)
                        .expect(404, notFound.apply("sales/a\u0000b\nc")),
                get(endpoint, "invalid UTF-8 in the id", prefix + "sales/%FF%FE" + suffix)
                        .expect(404, notFound.apply("sales/\uFFFD\uFFFD")));
    }

    /**
     * What any endpoint must refuse whatever its path: the other methods, XML asked for, a body over the service's
     * {@code limit} declared and chunked.
     */
    public static List<HostileRequest> wrongUse(String endpoint, String url, String allowed, int limit) {
        return wrongUse(endpoint, url, allowed, limit, null, null);
    }

    /** As above for an endpoint that takes a body: {@code type} and {@code body} are one it would accept. */
    public static List<HostileRequest> wrongUse(
            String endpoint, String url, String allowed, int limit, String type, String body) {
        List<HostileRequest> rows = new ArrayList<>();
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            if (!method.equals(allowed)) {
                rows.add(of(endpoint, method + " instead of " + allowed, method, url)
                        .expect(405, method + " is not allowed on"));
            }
        }
        String over = "larger than the " + limit / 1024 + " KiB (" + limit + " bytes) this service accepts";
        HostileRequest xml = of(endpoint, "asks for XML", allowed, url).accept("application/xml");
        rows.add((body == null ? xml : xml.body(type, body)).expect(406, "ask for application/json"));
        rows.add(of(endpoint, "a body over the limit", allowed, url)
                .body("application/json", new byte[limit + 1])
                .expect(413, "the request body is " + (limit + 1) + " bytes, " + over));
        rows.add(of(endpoint, "a chunked body over the limit", allowed, url)
                .chunked("application/json", new byte[limit + 1])
                .expect(413, "the request body is " + over));
        return rows;
    }

    public static HostileRequest get(String endpoint, String name, String path) {
        return of(endpoint, name, "GET", path);
    }

    public static HostileRequest of(String endpoint, String name, String method, String path) {
        return new HostileRequest(endpoint, name, method, path, null, null, false, null, Map.of(), 0, null, null);
    }

    public HostileRequest body(String type, String text) {
        return body(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public HostileRequest body(String type, byte[] bytes) {
        return new HostileRequest(
                endpoint, name, method, path, type, bytes, false, accept, headers, status, detail, parameter);
    }

    public HostileRequest chunked(String type, byte[] bytes) {
        return new HostileRequest(
                endpoint, name, method, path, type, bytes, true, accept, headers, status, detail, parameter);
    }

    public HostileRequest accept(String type) {
        return new HostileRequest(
                endpoint, name, method, path, contentType, body, chunked, type, headers, status, detail, parameter);
    }

    /** The request with one more header, sent as given ({@code Authorization: Bearer ...}, say). */
    public HostileRequest header(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new HostileRequest(
                endpoint,
                name,
                method,
                path,
                contentType,
                body,
                chunked,
                accept,
                Collections.unmodifiableMap(more),
                status,
                detail,
                parameter);
    }

    public HostileRequest expect(int status, String detail) {
        return new HostileRequest(
                endpoint, name, method, path, contentType, body, chunked, accept, headers, status, detail, null);
    }

    public HostileRequest expectParameter(int status, String parameter, String detail) {
        return new HostileRequest(
                endpoint, name, method, path, contentType, body, chunked, accept, headers, status, detail, parameter);
    }

    /**
     * Sends the request byte for byte as written (java.net.http neither normalises the path nor encodes the body);
     * a chunked body has no Content-Length.
     */
    public HttpResponse<String> send(int port) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30))
                .method(method, publisher);
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public void assertProblem(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("status of " + this).isEqualTo(status);
        String type = answer.headers().firstValue("Content-Type").orElse("(none)");
        assertThat(type).as("content type").startsWith(PROBLEM);
        if (status == 401) {
            assertThat(answer.headers().firstValue("WWW-Authenticate"))
                    .as("WWW-Authenticate of a 401")
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
        }
        Response problem = new ResponseBuilder()
                .setStatusCode(answer.statusCode())
                .setContentType(type)
                .setBody(answer.body())
                .build();
        assertThat(problem.<Integer>path("status")).as("status in the body").isEqualTo(status);
        assertThat(problem.<String>path("title")).as("title").isNotBlank();
        assertThat(problem.<String>path("detail"))
                .as("detail")
                .contains(detail)
                .hasSizeLessThan(400)
                .doesNotContain("Exception", "\tat ");
        if (parameter != null) {
            assertThat(problem.<String>path("parameter")).as("parameter").isEqualTo(parameter);
        }
    }

    @Override
    public String toString() {
        return endpoint + " | " + name + " -> " + status;
    }
}
