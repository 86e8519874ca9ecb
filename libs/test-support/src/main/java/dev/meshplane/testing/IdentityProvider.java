package dev.meshplane.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.launcher.Keycloak;
import dev.meshplane.launcher.ManagedProcess;

/**
 * The test platform's identity provider ({@link TestPlatform#startIdentity}): Keycloak with the seeded realm on a free
 * port, and the token requests the platform's clients make, over plain {@code java.net.http}.
 */
public final class IdentityProvider {

    /** The seeded people's password (local only). */
    public static final String LOCAL_PASSWORD = "mesh-local-only";

    /** The public client people sign in with (password and device grants). */
    public static final String CLI_CLIENT = "mesh-cli";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final ManagedProcess process;
    private final String adminPassword;

    IdentityProvider(int port, ManagedProcess process, String adminPassword) {
        this.port = port;
        this.process = process;
        this.adminPassword = adminPassword;
    }

    public int port() {
        return port;
    }

    public ManagedProcess process() {
        return process;
    }

    /** The realm's issuer, e.g. {@code http://127.0.0.1:41234/realms/meshplane}: the {@code iss} of its tokens. */
    public String issuer() {
        return Keycloak.issuer(port);
    }

    public String tokenEndpoint() {
        return Keycloak.tokenEndpoint(port);
    }

    public String jwksEndpoint() {
        return Keycloak.jwksEndpoint(port);
    }

    /** A person's raw access token: the password grant on {@code mesh-cli}. */
    public String token(String username, String password) {
        return accessToken(passwordGrant(username, password));
    }

    /** A person's raw access token from another public client of the realm, e.g. one {@link #createClient} made. */
    public String token(String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return accessToken(post(tokenEndpoint(), form));
    }

    /**
     * An access token of the master realm's bootstrap admin: another issuer and other keys than the platform's realm
     * (a token governance must refuse), and the key to the admin API ({@link #createClient}).
     */
    public String adminToken() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "admin-cli");
        form.put("username", "admin");
        form.put("password", adminPassword);
        return accessToken(post("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token", form));
    }

    /**
     * Creates a public client with the password grant in the platform's realm, to get tokens the seeded clients never
     * hand out: without the {@code groups} claim, without the {@code meshplane} audience, or living
     * {@code lifespanSeconds} only. Returns its client id.
     */
    public String createClient(String clientId, boolean groups, boolean audience, int lifespanSeconds) {
        var client = JSON.createObjectNode()
                .put("clientId", clientId)
                .put("publicClient", true)
                .put("directAccessGrantsEnabled", true)
                .put("standardFlowEnabled", false);
        client.putObject("attributes").put("access.token.lifespan", Integer.toString(lifespanSeconds));
        var mappers = client.putArray("protocolMappers");
        if (groups) {
            var m = mappers.addObject()
                    .put("name", "groups")
                    .put("protocol", "openid-connect")
                    .put("protocolMapper", "oidc-group-membership-mapper");
            m.putObject("config")
                    .put("claim.name", "groups")
                    .put("full.path", "false")
                    .put("access.token.claim", "true");
        }
        if (audience) {
            var m = mappers.addObject()
                    .put("name", "audience-meshplane")
                    .put("protocol", "openid-connect")
                    .put("protocolMapper", "oidc-audience-mapper");
            m.putObject("config").put("included.custom.audience", "meshplane").put("access.token.claim", "true");
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/admin/realms/" + Keycloak.REALM + "/clients"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.toString()))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(
                        "could not create client " + clientId + ": " + response.statusCode() + " " + response.body());
            }
            return clientId;
        } catch (IOException e) {
            throw new IllegalStateException("POST clients failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A service account's raw access token: the client-credentials grant of a confidential client. */
    public String clientToken(String clientId, String secret) {
        return accessToken(clientCredentialsGrant(clientId, secret));
    }

    /** The token endpoint's answer to a password grant on {@code mesh-cli}, refusals included. */
    public TokenResponse passwordGrant(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLI_CLIENT);
        form.put("username", username);
        form.put("password", password);
        return post(tokenEndpoint(), form);
    }

    /** The token endpoint's answer to a client-credentials grant, refusals included. */
    public TokenResponse clientCredentialsGrant(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return post(tokenEndpoint(), form);
    }

    /** Any form POST to the realm, e.g. {@code /protocol/openid-connect/auth/device}, below the issuer. */
    public TokenResponse post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new TokenResponse(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String accessToken(TokenResponse response) {
        if (response.status() != 200 || !response.body().hasNonNull("access_token")) {
            throw new IllegalStateException("no token: " + response.status() + " " + response.body());
        }
        return response.body().get("access_token").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The status and JSON body of an answer: {@code access_token}, or {@code error} and {@code error_description}. */
    public record TokenResponse(int status, JsonNode body) {

        /** The OAuth error code ({@code invalid_grant}, {@code unauthorized_client}, ...), or null. */
        public String error() {
            return body.path("error").asText(null);
        }
    }
}
