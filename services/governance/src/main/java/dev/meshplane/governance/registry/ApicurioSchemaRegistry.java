package dev.meshplane.governance.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.SchemaRegistry;
import dev.meshplane.governance.domain.UndecidableRequestException;

/**
 * Apicurio Registry v3 over its REST API: a dry-run version create is the compatibility check (the registry applies
 * its BACKWARD rule), and artifacts are created with {@code ifExists=FIND_OR_CREATE_VERSION} so a re-publication of
 * the same schema finds its existing version instead of adding one. No connection, a timeout or any answer that is
 * not a verdict on the schema (5xx, 429, 401, ...) is a {@link RegistryUnavailableException}: the request waits for the
 * registry instead of being decided or dead-lettered. Only a refusal of the schema itself (400, 409, 422 on
 * registration) makes the request undecidable.
 */
@ApplicationScoped
public class ApicurioSchemaRegistry implements SchemaRegistry {

    private static final String GROUP = "default";

    /**
     * HTTP/1.1 throughout: the client's default, HTTP/2, asks a plain-text server for an upgrade (h2c) on new
     * connections, which the registry does not need. (With the default, a parallel burst once had registry calls time
     * out for 20 s; not seen since the change, though one run does not prove it was the cause.)
     */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final ObjectMapper json;
    private final String baseUrl;

    public ApicurioSchemaRegistry(GovernanceConfig config, ObjectMapper json) {
        this.baseUrl = config.registryUrl().replaceAll("/+$", "");
        this.json = json;
    }

    @Override
    public Optional<String> incompatibility(String artifactId, String schema) {
        HttpResponse<String> response = post(
                "/groups/" + GROUP + "/artifacts/" + encode(artifactId) + "/versions?dryRun=true",
                Map.of("content", content(schema)));
        return switch (response.statusCode()) {
            case 200 -> Optional.empty();
            case 404 -> Optional.empty(); // no previous version: nothing to be compatible with
            case 400, 409 -> Optional.of(detail(response.body()));
            default ->
                throw new RegistryUnavailableException("registry answered " + response.statusCode()
                        + " to a compatibility check of " + artifactId + ": " + response.body());
        };
    }

    @Override
    public long register(String artifactId, String schema) {
        HttpResponse<String> response = post(
                "/groups/" + GROUP + "/artifacts?ifExists=FIND_OR_CREATE_VERSION",
                Map.of(
                        "artifactId",
                        artifactId,
                        "artifactType",
                        "AVRO",
                        "firstVersion",
                        Map.of("content", content(schema))));
        int status = response.statusCode();
        if (status == 400 || status == 409 || status == 422) {
            throw new UndecidableRequestException("the registry refused the schema of " + artifactId + " (" + status
                    + "): " + detail(response.body()));
        }
        if (status != 200) {
            throw new RegistryUnavailableException(
                    "registry answered " + status + " to registering " + artifactId + ": " + response.body());
        }
        try {
            return json.readTree(response.body())
                    .path("version")
                    .path("globalId")
                    .asLong();
        } catch (IOException e) {
            throw new RegistryUnavailableException("registry answered an unreadable registration: " + e.getMessage());
        }
    }

    /** True when the registry answers its system info endpoint. */
    public boolean isReachable() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/system/info"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String url() {
        return baseUrl;
    }

    private HttpResponse<String> post(String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryUnavailableException("registry at " + baseUrl + " is not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while calling the registry");
        }
    }

    private static Map<String, String> content(String schema) {
        return Map.of("content", schema, "contentType", "application/json");
    }

    private String detail(String body) {
        try {
            JsonNode node = json.readTree(body);
            JsonNode causes = node.path("causes");
            if (causes.isArray() && !causes.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode c : causes) {
                    if (!sb.isEmpty()) {
                        sb.append("; ");
                    }
                    sb.append(c.path("description").asText())
                            .append(" at ")
                            .append(c.path("context").asText());
                }
                return sb.toString();
            }
            return node.path("detail").asText(node.path("title").asText(body));
        } catch (IOException e) {
            return body;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The registry could not answer; the request waits and is tried again. */
    public static final class RegistryUnavailableException extends DependencyUnavailableException {
        public RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
