package dev.meshplane.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A platform service's HTTP API for the CLI: the catalog's reads, governance's access operations. Errors come back as
 * {@link ApiException}s whose message is the service's problem detail, ready for the user.
 */
final class ApiClient {

    /** The service refused the call, or did not answer. The message is ready for the user. */
    static final class ApiException extends RuntimeException {
        final int exitCode;

        ApiException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String service;
    private final String option;
    private final String base;
    private final String token;

    /**
     * @param service what the messages call it: {@code catalog}, {@code governance}
     * @param option the CLI option that sets {@code base}, named when the service does not answer
     * @param token a bearer access token to send, or null
     */
    ApiClient(String service, String option, String base, String token) {
        this.service = service;
        this.option = option;
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    /** The catalog's reads: no token. */
    static ApiClient catalog(String base) {
        return new ApiClient("catalog", "--catalog", base, null);
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? JSON.nullNode() : readTree(response.body());
            int status = response.statusCode();
            if (status == 404) {
                throw new ApiException(answer.path("detail").asText("nothing at " + base + path), MeshCli.INVALID);
            }
            if (status == 403 || status == 409 || status == 422) {
                throw new ApiException(answer.path("detail").asText(response.body()), MeshCli.INVALID);
            }
            if (status >= 400) {
                throw new ApiException(
                        "the " + service + " answered " + status + ": "
                                + answer.path("detail").asText(response.body()),
                        MeshCli.USAGE);
            }
            return answer;
        } catch (IOException e) {
            throw new ApiException(
                    "the " + service + " at " + base + " is not reachable: start the platform with"
                            + " 'deploy/local/platform up' (or pass " + option + " URL)",
                    MeshCli.USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted", MeshCli.USAGE);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().objectNode().put("detail", body);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
