package dev.meshplane.alerting.service.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The alerting service's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface AlertingConfig {

    /** Apicurio Registry v3 API, for the Avro serdes. */
    String registryUrl();

    /**
     * This process's name, the same across its restarts: its client ids carry it. deploy/local and the test platform
     * pass {@code alerting-<port>}.
     */
    String instanceId();

    /** {@code meshplane.alerting.*} */
    Alerting alerting();

    /** Who acts on incidents: the provider's verified access tokens ({@code quarkus.oidc.*}). */
    Identity identity();

    interface Identity {

        /** False only for a platform without an identity provider: then nobody acts on an incident over HTTP. */
        @WithDefault("true")
        boolean required();

        /** The identity provider's issuer URL ({@code quarkus.oidc.auth-server-url} is set from it). */
        @WithDefault("http://127.0.0.1:8180/realms/meshplane")
        String issuer();
    }

    interface Alerting {

        /**
         * The organisation's routing file ({@code kind: AlertRouting}). Without one no alert is delivered: the service
         * says so at start and in its readiness. A file with any problem stops the start, every problem named.
         */
        Optional<String> routingFile();

        /** The consumer group that delivers: one delivery per alert change for all replicas together. */
        @WithDefault("meshplane-alerting")
        String group();

        /** The first retry's wait; each next one doubles, up to {@link #backoffMax()}. */
        @WithDefault("1s")
        Duration backoffFirst();

        @WithDefault("5m")
        Duration backoffMax();

        /** Attempts per delivery, the first included; after the last the delivery is dead, with its reason. */
        @WithDefault("12")
        int attempts();

        /** How long one HTTP request (connect and answer) may take before it counts as a failed attempt. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * How often an incident nobody acknowledged (or whose snooze ended) is notified again, to the same
         * destinations; acknowledging it stops that.
         */
        @WithDefault("1h")
        Duration renotifyEvery();

        /** The sender of alert e-mails. */
        @WithDefault("meshplane-alerts@localhost")
        String mailFrom();
    }
}
