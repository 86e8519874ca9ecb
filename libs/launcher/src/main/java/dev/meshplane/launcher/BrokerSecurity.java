package dev.meshplane.launcher;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * How the platform's broker authenticates and authorizes: every client on its listener authenticates with an
 * OAUTHBEARER access token of the identity provider ({@code issuer}), validated against the provider's published keys,
 * with audience {@value #AUDIENCE}; the principal is the token's {@value #PRINCIPAL_CLAIM} ({@code User:sara.owner},
 * {@code User:service-account-svc-governance}). KRaft's {@code StandardAuthorizer} denies whatever no ACL allows
 * ({@link PlatformAcls}).
 *
 * <p>One super user, {@value #OPERATOR}, exists for bootstrapping only: the broker's own controller and inter-broker
 * connections and the launcher creating topics and ACLs. It authenticates with SASL PLAIN on a second loopback
 * listener of each node ({@link KafkaBroker.Node#operatorPort}) with {@code operatorPassword}, a random secret kept in
 * a file only its user reads; no service, pipeline or person uses it.
 *
 * @param issuer the realm's issuer URL; its keys are at {@code issuer + "/protocol/openid-connect/certs"}
 * @param operatorBootstrap the nodes' operator (and inter-broker) listeners, {@link KafkaBroker.Cluster#operatorBootstrap}
 */
public record BrokerSecurity(String issuer, String operatorBootstrap, String operatorPassword) {

    public static final String OPERATOR = "meshplane-operator";

    /** The audience the broker requires in a token ({@code aud}). */
    public static final String AUDIENCE = "kafka";

    /** The claim that names the principal: the one stock claim Keycloak fills for people and service accounts. */
    public static final String PRINCIPAL_CLAIM = "preferred_username";

    /** How long an authenticated connection lives before it must authenticate again (the realm's token lifespan). */
    public static final long REAUTHENTICATE_MS = 300_000;

    public BrokerSecurity {
        issuer = issuer.replaceAll("/+$", "");
    }

    @Override
    public String toString() { // never the password
        return "BrokerSecurity[issuer=" + issuer + ", operatorBootstrap=" + operatorBootstrap + "]";
    }

    /** A fresh operator password: 24 random bytes, hex. */
    public static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b));
        }
        return s.toString();
    }

    public String jwksUrl() {
        return issuer + "/protocol/openid-connect/certs";
    }

    public String tokenUrl() {
        return issuer + "/protocol/openid-connect/token";
    }

    /** The Kafka principal of a client's service account at the provider. */
    public static String servicePrincipal(String clientId) {
        return "User:service-account-" + clientId;
    }

    /** Client settings of the operator (with {@link #operatorBootstrap}): topic and ACL provisioning only. */
    public Map<String, Object> operatorClient() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", operatorBootstrap());
        c.put("security.protocol", "SASL_PLAINTEXT");
        c.put("sasl.mechanism", "PLAIN");
        c.put("sasl.jaas.config", plainLogin(false));
        return c;
    }

    /** The JAAS line of the PLAIN login module; a listener's ({@code server}) also lists the one user it accepts. */
    String plainLogin(boolean server) {
        String line = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + OPERATOR
                + "\" password=\"" + operatorPassword + "\"";
        if (server) {
            line += " user_" + OPERATOR + "=\"" + operatorPassword + "\"";
        }
        return line + ";";
    }

    /**
     * The {@code -D} settings that make a Quarkus service's Kafka clients (SmallRye's {@code kafka.*} and Kafka
     * Streams' {@code kafka-streams.*}) authenticate as the service account {@code clientId}, with the
     * client-credentials grant against this provider. The secret itself is not among them: the value is an expression over the
     * environment variable {@value #CLIENT_SECRET_ENV}, which the launcher sets on the process, so it is on no command
     * line.
     */
    public Map<String, String> serviceClient(String clientId) {
        Map<String, String> d = new HashMap<>();
        for (String prefix : new String[] {"kafka.", "kafka-streams."}) {
            d.put(prefix + "security.protocol", "SASL_PLAINTEXT");
            d.put(prefix + "sasl.mechanism", "OAUTHBEARER");
            d.put(
                    prefix + "sasl.jaas.config",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;");
            d.put(
                    prefix + "sasl.login.callback.handler.class",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
            d.put(prefix + "sasl.oauthbearer.token.endpoint.url", tokenUrl());
            d.put(prefix + "sasl.oauthbearer.client.credentials.client.id", clientId);
            d.put(prefix + "sasl.oauthbearer.client.credentials.client.secret", "${" + CLIENT_SECRET_ENV + "}");
        }
        d.put(ALLOWED_URLS_PROPERTY, tokenUrl());
        return d;
    }

    /** Where a service's client secret is handed to its process. */
    public static final String CLIENT_SECRET_ENV = "MESHPLANE_KAFKA_CLIENT_SECRET";

    /** Kafka clients and brokers fetch only from URLs listed in this JVM system property (exact strings). */
    public static final String ALLOWED_URLS_PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
}
