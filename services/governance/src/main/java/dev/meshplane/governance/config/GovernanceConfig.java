package dev.meshplane.governance.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The governance service's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface GovernanceConfig {

    /** Apicurio Registry v3 API, e.g. {@code http://127.0.0.1:8090/apis/registry/v3}. */
    String registryUrl();

    /** Organisation and domain CEL rules; built-in policies only when absent. */
    Optional<String> policyFile();

    /** Output topic partitions when a descriptor does not say. */
    @WithDefault("3")
    int defaultPartitions();

    /**
     * Replication factor of output topics; -1 (the default): the broker's {@code default.replication.factor}, which
     * follows the cluster's size on the platform's brokers (three replicas from three nodes on).
     */
    @WithDefault("-1")
    short replicationFactor();

    /**
     * How many requests of one batch are decided at once ({@code meshplane.decide-parallelism}). Each product's
     * requests are still decided in order, and a request waits for the requests before it in the batch that publish
     * one of its inputs; deciding is mostly waiting for the registry and the broker, so this may exceed the cores.
     */
    @WithDefault("16")
    int decideParallelism();

    /** Waiting out a registry or broker outage. */
    Retry retry();

    /** How far a request's time may lie from when it was written ({@code meshplane.event-time.*}). */
    EventTime eventTime();

    /**
     * Dead letters are cut to this many bytes ({@code meshplane.dead-letter.max-bytes}), well below the decision
     * log's {@code max.request.size} (1 MiB by default), so one is always written.
     */
    @WithName("dead-letter.max-bytes")
    @WithDefault("262144")
    int deadLetterMaxBytes();

    /** Who may publish ({@code meshplane.identity.*}); docs/security.md. */
    Identity identity();

    /** The broker's ACLs for the teams products allow ({@code meshplane.access.*}); docs/security.md. */
    Access access();

    interface Access {

        /**
         * When true (the default), governance keeps the broker's team ACLs ({@code Team:<name>}) equal to the grants
         * on {@code mesh.access.grants}. False for a broker without an authorizer.
         */
        @WithDefault("true")
        boolean enforce();

        /** How often the ACLs are compared with the grants even when no grant changed (drift repair). */
        @WithDefault("60s")
        Duration reconcileInterval();

        /**
         * How often grants past their end date are revoked (written to the topics). The broker stops their reads at the
         * end date itself, whatever this says.
         */
        @WithDefault("5s")
        Duration expiryInterval();

        /**
         * How often the broker's consumer groups are swept for who reads each product ({@code mesh.access.observed}).
         * A read is dated to the sweep that saw the group's offsets move, so this is the precision of "last read".
         */
        @WithDefault("60s")
        Duration observeInterval();
    }

    /**
     * Publishers are verified by the access token on the request ({@code meshplane-credential}), checked against the
     * identity provider's keys ({@code quarkus.oidc.*}, issuer {@code meshplane.identity.issuer}).
     */
    interface Identity {

        /**
         * When true (the default), a request without a credential the provider's keys verify, or from someone
         * outside the product's owning team, is rejected. False only for a platform without an identity provider
         * (tests that are not about identity): anyone who can write the topic publishes.
         */
        @WithDefault("true")
        boolean required();

        /**
         * The identity provider's issuer URL: the realm whose keys sign the tokens ({@code
         * quarkus.oidc.auth-server-url} is set from it). The local platform's Keycloak by default.
         */
        @WithDefault("http://127.0.0.1:8180/realms/meshplane")
        String issuer();

        /** How long to wait for the provider's keys before the request is retried as during an outage. */
        @WithDefault("10s")
        Duration verifyTimeout();
    }

    /** The event-time rules' window: a request stamped further from when it was written is dead-lettered. */
    interface EventTime {

        @WithDefault("P400D")
        Duration maxPast();

        @WithDefault("P1D")
        Duration maxFuture();
    }

    /**
     * The pause between tries of a request whose dependency failed: it starts at {@link #initialBackoff} and doubles
     * up to {@link #maxBackoff}, and the request is tried for as long as the outage lasts.
     */
    interface Retry {

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
