package dev.meshplane.client;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How a tool's Kafka clients authenticate to the platform's broker, added to any client's settings with {@link
 * #applyTo}. The broker takes OAUTHBEARER access tokens of the platform's identity provider only (audience {@code
 * kafka}); the principal is the token's {@code preferred_username}.
 *
 * <ul>
 *   <li>{@link #bearer}: tokens from the caller (a person's login, a pipeline's client-credentials grant), asked for
 *       again by the client before the current one expires, so a long-running command stays authenticated.
 *   <li>{@link #none}: a broker without authentication (a platform started without identity, tests that are not
 *       about it).
 *   <li>{@link #of}: given settings (the platform operator's, in the launcher and tests).
 * </ul>
 *
 * <p>No token or secret is in a setting's value or in {@link #toString}: {@link #bearer} registers the supplier in this
 * JVM under a random id, which is all the settings hold.
 */
public final class KafkaAuth {

    private static final KafkaAuth NONE = new KafkaAuth(Map.of(), "none");

    private final Map<String, Object> properties;
    private final String description;

    private KafkaAuth(Map<String, Object> properties, String description) {
        this.properties = Map.copyOf(properties);
        this.description = description;
    }

    public static KafkaAuth none() {
        return NONE;
    }

    /** Given client settings ({@code security.protocol}, {@code sasl.*}); they must not be logged. */
    public static KafkaAuth of(Map<String, Object> properties) {
        return new KafkaAuth(properties, "given settings");
    }

    /**
     * Access tokens from {@code tokens}, which the client calls at login and again when the token it holds nears its
     * expiry; it may throw (no login, provider down): the client then fails to authenticate with that message.
     */
    public static KafkaAuth bearer(Supplier<String> tokens) {
        String id = UUID.randomUUID().toString();
        TokenSourceLogin.register(id, tokens);
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "OAUTHBEARER");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                        + TokenSourceLogin.SOURCE_OPTION + "=\"" + id + "\";");
        p.put("sasl.login.callback.handler.class", TokenSourceLogin.class.getName());
        return new KafkaAuth(p, "bearer tokens");
    }

    /**
     * The authentication settings among a client's settings ({@code security.protocol} and every {@code sasl.*}): what
     * a service copies from its configured clients into one it builds itself, so that one authenticates the same way.
     */
    public static KafkaAuth copiedFrom(Map<String, ?> settings) {
        Map<String, Object> p = new HashMap<>();
        settings.forEach((k, v) -> {
            if (v != null && (k.equals("security.protocol") || k.startsWith("sasl."))) {
                p.put(k, v);
            }
        });
        return new KafkaAuth(p, "copied settings");
    }

    public boolean isNone() {
        return properties.isEmpty();
    }

    /** Adds these settings to {@code config} and returns it. */
    public Map<String, Object> applyTo(Map<String, Object> config) {
        config.putAll(properties);
        return config;
    }

    @Override
    public String toString() {
        return "KafkaAuth[" + description + "]";
    }
}
