package dev.meshplane.cli;

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
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenID provider the CLI logs in to, found from {@code <issuer>/.well-known/openid-configuration}: the token
 * endpoint (password, refresh, client-credentials and device-code grants), the device authorization endpoint (RFC
 * 8628) and the revocation (RFC 7009) or end-session endpoint for logout. Request and answer bodies carry passwords
 * and tokens: none of them is ever put into an exception or a message.
 */
final class OidcProvider {

    /** The provider answered with an OAuth error; the caller knows which grant it was and says what it means. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient OAuthError error;

        Refused(int status, OAuthError error) {
            super(error.error().isEmpty() ? "HTTP " + status : error.error(), null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    record Endpoints(URI token, URI device, URI revocation, URI endSession) {}

    /** A token endpoint's answer. Expiries in seconds from when the request was sent; 0 when the provider gave none. */
    record Tokens(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn) {
        @Override
        public String toString() {
            return "Tokens[expiresIn=" + expiresIn + ", refreshExpiresIn=" + refreshExpiresIn + "]";
        }
    }

    /** A device authorization answer; the device code is a secret until it expires, the user code is for display. */
    record DeviceCode(
            String deviceCode,
            String userCode,
            String verificationUri,
            String verificationUriComplete,
            long expiresIn,
            long interval) {
        @Override
        public String toString() {
            return "DeviceCode[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
        }
    }

    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private final String issuer;
    private Endpoints endpoints;

    OidcProvider(String issuer) {
        this.issuer = issuer.replaceAll("/+$", "");
    }

    String issuer() {
        return issuer;
    }

    /** Discovery, once per provider object. */
    Endpoints endpoints() {
        if (endpoints != null) {
            return endpoints;
        }
        uri(issuer, "the issuer: pass --issuer http(s)://HOST:PORT/realms/NAME");
        URI discovery = uri(issuer + "/.well-known/openid-configuration", "discovery");
        HttpResponse<String> response = send(HttpRequest.newBuilder(discovery)
                .header("Accept", "application/json")
                .GET());
        if (response.statusCode() != 200) {
            throw new LoginException("no OpenID provider at " + issuer + " (its discovery document answered "
                    + response.statusCode() + "): check --issuer or MESH_ISSUER");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(response.body());
        } catch (IOException e) {
            doc = null;
        }
        if (doc == null || !doc.path("token_endpoint").isTextual()) {
            throw new LoginException("the discovery document of " + issuer
                    + " is not OpenID provider metadata (no token_endpoint): check --issuer or MESH_ISSUER");
        }
        String said = doc.path("issuer").asText("").replaceAll("/+$", "");
        if (!said.equals(issuer)) {
            throw new LoginException("the provider at " + issuer + " calls itself "
                    + OAuthError.clean(said, 200) + ": its tokens name that issuer, so log in with --issuer "
                    + OAuthError.clean(said, 200));
        }
        endpoints = new Endpoints(
                uri(doc.path("token_endpoint").asText(), "token_endpoint"),
                optionalUri(doc, "device_authorization_endpoint"),
                optionalUri(doc, "revocation_endpoint"),
                optionalUri(doc, "end_session_endpoint"));
        return endpoints;
    }

    Tokens password(String clientId, String user, String password) throws Refused {
        return tokens(form("grant_type", "password", "client_id", clientId, "username", user, "password", password));
    }

    Tokens refresh(String clientId, String refreshToken) throws Refused {
        return tokens(form("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
    }

    Tokens clientCredentials(String clientId, String secret) throws Refused {
        return tokens(form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    Tokens deviceToken(String clientId, String deviceCode) throws Refused {
        return tokens(form("grant_type", DEVICE_GRANT, "client_id", clientId, "device_code", deviceCode));
    }

    DeviceCode startDevice(String clientId) throws Refused {
        URI device = endpoints().device();
        if (device == null) {
            throw new LoginException("the provider at " + issuer + " offers no device login (no"
                    + " device_authorization_endpoint): log in with 'mesh login --user NAME --password-stdin'");
        }
        JsonNode body = post(device, form("client_id", clientId));
        if (!body.path("device_code").isTextual() || !body.path("user_code").isTextual()) {
            throw new LoginException("the device authorization answer of " + issuer + " has no device or user code");
        }
        String verification = OAuthError.clean(body.path("verification_uri").asText(""), 500);
        return new DeviceCode(
                body.path("device_code").asText(),
                OAuthError.clean(body.path("user_code").asText(), 64),
                verification,
                OAuthError.clean(body.path("verification_uri_complete").asText(verification), 500),
                body.path("expires_in").asLong(600),
                body.path("interval").asLong(0));
    }

    /**
     * Ends the session a refresh token belongs to: RFC 7009 revocation when the provider offers it, else its
     * end-session endpoint with the refresh token (Keycloak accepts that from a client without a browser). Returns
     * which endpoint was used, for the user.
     */
    String revoke(String clientId, String refreshToken) throws Refused {
        Endpoints e = endpoints();
        if (e.revocation() != null) {
            post(
                    e.revocation(),
                    form("client_id", clientId, "token", refreshToken, "token_type_hint", "refresh_token"));
            return "revoked at the provider's revocation endpoint " + e.revocation();
        }
        if (e.endSession() != null) {
            post(e.endSession(), form("client_id", clientId, "refresh_token", refreshToken));
            return "ended at the provider's end-session endpoint " + e.endSession();
        }
        throw new LoginException("the provider at " + issuer + " offers neither a revocation nor an end-session"
                + " endpoint: the session ends on its own when the refresh token expires");
    }

    private Tokens tokens(String form) throws Refused {
        JsonNode body = post(endpoints().token(), form);
        if (!body.path("access_token").isTextual()) {
            throw new LoginException("the token endpoint of " + issuer + " answered without an access token");
        }
        return new Tokens(
                body.path("access_token").asText(),
                body.path("expires_in").asLong(0),
                body.path("refresh_token").isTextual()
                        ? body.path("refresh_token").asText()
                        : null,
                body.path("refresh_expires_in").asLong(0));
    }

    /** A form POST; 2xx gives the JSON body (empty object when there is none), anything else {@link Refused}. */
    private JsonNode post(URI endpoint, String form) throws Refused {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.statusCode() / 100 != 2) {
            throw new Refused(response.statusCode(), OAuthError.parse(response.body()));
        }
        if (response.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LoginException(endpoint + " answered " + response.statusCode() + " with a body that is not JSON");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LoginException("the identity provider " + issuer + " is not reachable: start the local"
                    + " one ('deploy/local/platform up identity') or name the right one with --issuer URL or"
                    + " MESH_ISSUER");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("interrupted while talking to " + issuer);
        }
    }

    private URI uri(String s, String what) {
        try {
            URI u = URI.create(s);
            if (u.getScheme() != null
                    && (u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new LoginException("'" + OAuthError.clean(s, 200) + "' (" + what + ") is not an http(s) URL");
    }

    private URI optionalUri(JsonNode doc, String field) {
        return doc.path(field).isTextual() ? uri(doc.path(field).asText(), field) : null;
    }

    /** {@code application/x-www-form-urlencoded} from name, value pairs. */
    static String form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        StringJoiner j = new StringJoiner("&");
        m.forEach((k, v) -> j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
