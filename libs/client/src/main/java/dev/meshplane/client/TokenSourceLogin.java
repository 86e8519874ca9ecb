package dev.meshplane.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Kafka client's login callback for {@link KafkaAuth#bearer}: hands the client the current token of the supplier
 * registered under the JAAS option {@value #SOURCE_OPTION}. The client reads the token's lifetime from its {@code exp}
 * to know when to ask again; the broker, not this class, verifies it. A registered supplier lives as long as the JVM:
 * make one {@link KafkaAuth#bearer} per session (a command, a test class), not one per client.
 */
public final class TokenSourceLogin implements AuthenticateCallbackHandler {

    static final String SOURCE_OPTION = "meshplaneTokenSource";

    private static final Map<String, Supplier<String>> SOURCES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Supplier<String> source;

    static void register(String id, Supplier<String> tokens) {
        SOURCES.put(id, tokens);
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasEntries) {
        Object id =
                jaasEntries.isEmpty() ? null : jaasEntries.get(0).getOptions().get(SOURCE_OPTION);
        source = id == null ? null : SOURCES.get(id.toString());
        if (source == null) {
            throw new IllegalStateException("no token source registered for this client: build its settings with"
                    + " KafkaAuth.bearer in the same JVM");
        }
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
                try {
                    tokenCallback.token(Token.of(source.get()));
                } catch (RuntimeException e) {
                    tokenCallback.error("invalid_token", e.getMessage(), null);
                }
            } else if (!(callback instanceof SaslExtensionsCallback)) { // no extensions: its default is empty
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    @Override
    public void close() {}

    /** An access token as the client needs it: the compact JWT and what its payload says of its lifetime. */
    record Token(String value, String principalName, Long startTimeMs, long lifetimeMs, Set<String> scope)
            implements OAuthBearerToken {

        static Token of(String jwt) {
            String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("the access token is not a JWT");
            }
            JsonNode payload;
            try {
                payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the access token's payload is not JSON");
            }
            if (payload == null || !payload.path("exp").canConvertToLong()) {
                throw new IllegalArgumentException("the access token has no expiry (exp)");
            }
            String name = payload.path("preferred_username")
                    .asText(payload.path("sub").asText("unknown"));
            long iat = payload.path("iat").asLong(System.currentTimeMillis() / 1000);
            return new Token(jwt, name, iat * 1000, payload.path("exp").asLong() * 1000, Set.of());
        }

        @Override
        public String toString() { // never the token
            return "Token[" + principalName + ", expires " + lifetimeMs + "]";
        }
    }
}
