package dev.meshplane.governance.identity;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.Publisher;
import dev.meshplane.topics.Topics;

/**
 * Establishes who sent a publication request from the access token in its {@code meshplane-credential} header,
 * verified by Quarkus OIDC against the identity provider's published keys (signature, expiry, issuer, audience
 * {@code meshplane}): the user or service account ({@code preferred_username}) and the teams ({@code groups} claim).
 * Nothing the publisher wrote in the request is trusted for this. The token itself is never logged, and never written
 * anywhere: decisions carry the verified name only.
 */
@ApplicationScoped
public class PublisherVerifier {

    private static final Logger LOG = Logger.getLogger(PublisherVerifier.class);

    static final String LOGIN_HINT =
            "run 'mesh login' and publish again (a pipeline: set MESH_CLIENT_ID and" + " MESH_CLIENT_SECRET)";

    private final GovernanceConfig.Identity config;
    private final Instance<TenantIdentityProvider> provider;

    public PublisherVerifier(GovernanceConfig config, Instance<TenantIdentityProvider> provider) {
        this.config = config.identity();
        this.provider = provider;
    }

    /** The publisher of {@code message}; never throws for a bad credential, only for an unreachable provider. */
    public Publisher publisherOf(Message<?> message) {
        if (!config.required()) {
            return new Publisher.NotChecked();
        }
        String token = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(Topics.CREDENTIAL_HEADER))
                .map(PublisherVerifier::text)
                .orElse(null);
        return verify(token);
    }

    /** The publisher a raw access token names, or why it names none. */
    public Publisher verify(String token) {
        if (!config.required()) {
            return new Publisher.NotChecked();
        }
        if (token == null || token.isBlank()) {
            return new Publisher.Unverified("the request carries no credential (header " + Topics.CREDENTIAL_HEADER
                    + "): publishing needs a login; " + LOGIN_HINT);
        }
        SecurityIdentity identity;
        try {
            identity = provider.get()
                    .authenticate(new AccessTokenCredential(token.trim()))
                    .await()
                    .atMost(config.verifyTimeout());
        } catch (RuntimeException e) {
            if (unreachable(e)) {
                throw new DependencyUnavailableException(
                        "the identity provider's keys could not be fetched: " + rootMessage(e), e);
            }
            LOG.infof("a publication credential was refused: %s", rootMessage(e));
            return new Publisher.Unverified("the credential was refused (" + reason(e) + "); " + LOGIN_HINT);
        }
        String name =
                identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        Set<String> teams = identity.getRoles();
        if (name == null || name.isBlank()) {
            return new Publisher.Unverified(
                    "the credential names nobody (no preferred_username): use a token of the Meshplane realm");
        }
        if (teams.isEmpty()) {
            return new Publisher.Unverified(name + "'s credential carries no team (claim 'groups'): ask your"
                    + " administrator to add you to your team's group, then " + LOGIN_HINT);
        }
        return new Publisher.Verified(name, teams);
    }

    private static String text(Header header) {
        return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    || t.getClass().getName().equals("io.quarkus.oidc.common.OidcEndpointAccessException")) {
                return true;
            }
        }
        return false;
    }

    /** Short and safe to show the publisher: never the token, never a stack trace. */
    private static String reason(Throwable e) {
        String message = rootMessage(e).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expir")) {
            return "it has expired: tokens live 5 minutes, and governance must read the request within that time";
        }
        if (message.contains("issuer")) {
            return "it was issued by another provider than the platform's";
        }
        if (message.contains("audience")) {
            return "it is not meant for Meshplane (audience 'meshplane' missing)";
        }
        if (message.contains("signature") || message.contains("key")) {
            return "its signature does not match the provider's keys: it is forged or from another realm";
        }
        return "it is not a valid access token of the platform's provider";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
