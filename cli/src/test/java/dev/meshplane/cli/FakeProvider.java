package dev.meshplane.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scripted OpenID provider on a loopback port, shaped like Keycloak's answers: discovery, the token endpoint
 * (password, refresh, client credentials, device code), the device authorization and the revocation endpoint. Its
 * people: sara.owner / right-password (team sales). Its pipeline: pipeline-sales / pipeline-secret.
 */
final class FakeProvider implements AutoCloseable {

    record Call(String path, Map<String, String> form) {}

    static final String USER = "sara.owner";
    static final String PASSWORD = "right-password";
    static final String PIPELINE = "pipeline-sales";
    static final String PIPELINE_SECRET = "pipeline-secret";

    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    final Set<String> liveRefreshTokens = Collections.synchronizedSet(new HashSet<>());
    /** Answers for device-code polls, in order: an OAuth error code, or "tokens". */
    final Deque<String> devicePolls = new ArrayDeque<>();

    volatile long accessLifetime = 300;
    volatile boolean offerRevocation = true;
    volatile String deviceInterval = "5";

    FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/test/", this::handle);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
    }

    List<Call> calls(String grantOrPath) {
        return calls.stream()
                .filter(c -> c.path.endsWith(grantOrPath) || grantOrPath.equals(c.form.get("grant_type")))
                .toList();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        calls.add(new Call(path, form));
        if (path.endsWith("/.well-known/openid-configuration")) {
            String base = issuer() + "/protocol/openid-connect";
            answer(
                    x,
                    200,
                    "{\"issuer\":\"" + issuer() + "\",\"token_endpoint\":\"" + base + "/token\","
                            + "\"device_authorization_endpoint\":\"" + base + "/auth/device\","
                            + (offerRevocation ? "\"revocation_endpoint\":\"" + base + "/revoke\"," : "")
                            + "\"end_session_endpoint\":\"" + base + "/logout\"}");
        } else if (path.endsWith("/token")) {
            token(x, form);
        } else if (path.endsWith("/auth/device")) {
            answer(
                    x,
                    200,
                    "{\"device_code\":\"device-code-secret\",\"user_code\":\"WXYZ-ABCD\","
                            + "\"verification_uri\":\"" + issuer() + "/device\",\"verification_uri_complete\":\""
                            + issuer() + "/device?user_code=WXYZ-ABCD\",\"expires_in\":600,\"interval\":"
                            + deviceInterval
                            + "}");
        } else if (path.endsWith("/revoke") || path.endsWith("/logout")) {
            liveRefreshTokens.remove(form.getOrDefault("token", form.get("refresh_token")));
            answer(x, path.endsWith("/logout") ? 204 : 200, "");
        } else {
            answer(x, 404, "");
        }
    }

    private void token(HttpExchange x, Map<String, String> form) throws IOException {
        switch (form.getOrDefault("grant_type", "")) {
            case "password" -> {
                if (USER.equals(form.get("username")) && PASSWORD.equals(form.get("password"))) {
                    answer(x, 200, tokens(USER, List.of("/sales"), "mesh-cli", true));
                } else {
                    answer(x, 401, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
                }
            }
            case "refresh_token" -> {
                if (liveRefreshTokens.remove(form.get("refresh_token"))) {
                    answer(x, 200, tokens(USER, List.of("/sales"), "mesh-cli", true));
                } else {
                    answer(x, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}");
                }
            }
            case "client_credentials" -> {
                if (PIPELINE.equals(form.get("client_id")) && PIPELINE_SECRET.equals(form.get("client_secret"))) {
                    answer(x, 200, tokens("service-account-" + PIPELINE, List.of("sales"), PIPELINE, false));
                } else {
                    answer(
                            x,
                            401,
                            "{\"error\":\"unauthorized_client\",\"error_description\":"
                                    + "\"Invalid client or Invalid client credentials\"}");
                }
            }
            case OidcProvider.DEVICE_GRANT -> {
                String next;
                synchronized (devicePolls) {
                    next = devicePolls.isEmpty() ? "authorization_pending" : devicePolls.poll();
                }
                if (next.equals("tokens")) {
                    answer(x, 200, tokens(USER, List.of("/sales"), "mesh-cli", true));
                } else {
                    answer(x, 400, "{\"error\":\"" + next + "\"}");
                }
            }
            default -> answer(x, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
    }

    /** A Keycloak-like answer; the tokens are unsigned JWTs whose payload says who they are for. */
    private String tokens(String user, List<String> groups, String azp, boolean refresh) {
        int n = issued.incrementAndGet();
        String access = jwt(user, groups, azp, n);
        StringBuilder sb = new StringBuilder(
                "{\"access_token\":\"" + access + "\",\"expires_in\":" + accessLifetime + ",\"token_type\":\"Bearer\"");
        if (refresh) {
            String r = "refresh-token-secret-" + n;
            liveRefreshTokens.add(r);
            sb.append(",\"refresh_token\":\"").append(r).append("\",\"refresh_expires_in\":1800");
        }
        return sb.append('}').toString();
    }

    static String jwt(String user, List<String> groups, String azp, int n) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"preferred_username\":\"" + user + "\",\"azp\":\"" + azp + "\",\"groups\":["
                + String.join(",", groups.stream().map(g -> "\"" + g + "\"").toList()) + "],\"jti\":\"access-" + n
                + "\"}";
        return b.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".signature-" + n;
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            m.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
