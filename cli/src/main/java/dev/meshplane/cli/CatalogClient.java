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

/** Reads the catalog over HTTP for the CLI's read commands. */
final class CatalogClient {

    /** The catalog answered with an error, or did not answer. The message is ready for the user. */
    static final class CatalogException extends RuntimeException {
        final int exitCode;

        CatalogException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;

    CatalogClient(String base) {
        this.base = base.replaceAll("/+$", "");
    }

    JsonNode get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json")
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() == 404) {
                throw new CatalogException(body.path("detail").asText("nothing at " + base + path), MeshCli.INVALID);
            }
            if (response.statusCode() >= 400) {
                throw new CatalogException(
                        "the catalog answered " + response.statusCode() + ": "
                                + body.path("detail").asText(response.body()),
                        MeshCli.USAGE);
            }
            return body;
        } catch (IOException e) {
            throw new CatalogException(
                    "the catalog at " + base + " is not reachable: start the platform with"
                            + " 'deploy/local/platform up' (or pass --catalog URL)",
                    MeshCli.USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("interrupted", MeshCli.USAGE);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
