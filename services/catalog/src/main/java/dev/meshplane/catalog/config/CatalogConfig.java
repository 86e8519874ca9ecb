package dev.meshplane.catalog.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The catalog's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface CatalogConfig {

    /** Apicurio Registry v3 API, for the Avro serdes of the input topics. */
    String registryUrl();

    /**
     * Whether the Kafka Streams state folder is checked against the cluster before it is opened (libs/streams
     * {@code StateFolder}: another cluster's state refused, another layout's set aside). Off only in the tests that
     * run without a broker.
     */
    @WithDefault("true")
    boolean stateFolderCheck();

    /** Page size when a list request does not say. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page a list request may ask for. */
    @WithDefault("500")
    int maxPageSize();

    /** How far an event time may lie from when its record was written ({@code meshplane.event-time.*}). */
    EventTime eventTime();

    /**
     * How long a check, alert, freshness status or feedback for a product that is not published yet waits for its
     * publication before it is dead-lettered ({@code product-known}); covers a new replica's first read of the topics.
     */
    @WithDefault("10m")
    Duration unknownProductHold();

    /** The web pages ({@code meshplane.web.*}). */
    Web web();

    interface Web {
        /** How often the replica samples the health signals for their trend. */
        @WithDefault("15m")
        Duration healthSampleEvery();

        /** Samples kept: 672 every 15 minutes is a week. */
        @WithDefault("672")
        int healthSamples();

        /**
         * Whether people log in to the pages through the identity provider (OpenID Connect code flow, tenant {@code
         * web}, as the catalog's own client): on where the catalog has its client secret (the launcher and compose
         * turn it on with the broker's security). Off, the pages are read-only and offer no log-in.
         */
        @WithDefault("false")
        boolean login();

        /** Where governance's access API answers: the pages pass requests and answers on with the person's token. */
        @WithDefault("http://127.0.0.1:8081")
        String governanceUrl();
    }

    /** Whose access tokens the catalog accepts, and whether reads need one ({@code meshplane.identity.*}). */
    Identity identity();

    /**
     * The platform's identity provider. Writes (feedback) always need a bearer access token from it; quarkus-oidc
     * verifies the token ({@code quarkus.oidc.*}, set from these in application.properties).
     */
    interface Identity {

        /**
         * The provider's issuer: the Keycloak realm URL, where quarkus-oidc discovers its keys
         * ({@code /.well-known/openid-configuration}); the local platform's realm by default.
         */
        String issuer();

        /** Whether a GET under {@code /api} needs a token too. */
        Reads reads();
    }

    /** {@code meshplane.identity.reads}: the policy of the {@code api} HTTP permission (OpenReads). */
    enum Reads {
        /** Reads need no token and never look at one. */
        OPEN,
        /** Every read needs a valid token, as writes do. */
        AUTHENTICATED
    }

    /** An event stamped outside this window around its record's time is dead-lettered, not shown. */
    interface EventTime {

        @WithDefault("P400D")
        Duration maxPast();

        @WithDefault("P1D")
        Duration maxFuture();
    }
}
