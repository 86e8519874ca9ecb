package dev.meshplane.freshness.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The freshness service's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface FreshnessConfig {

    /**
     * Whether the Kafka Streams state folder is checked against the cluster before it is opened (libs/streams
     * {@code StateFolder}: another cluster's state refused, another layout's set aside). Off only in the tests that
     * run without a broker.
     */
    @WithDefault("true")
    boolean stateFolderCheck();

    /** Apicurio Registry v3 API, for the Avro serdes. */
    String registryUrl();

    /** How often the wall-clock schedule looks for passed deadlines; bounds how late a status change can be. */
    @WithDefault("200ms")
    Duration freshnessTick();

    /** How far an event time may lie from when its record was written ({@code meshplane.event-time.*}). */
    EventTime eventTime();

    /** A signal stamped outside this window around its record's time is dead-lettered, not tracked. */
    interface EventTime {

        @WithDefault("P400D")
        Duration maxPast();

        @WithDefault("P1D")
        Duration maxFuture();
    }
}
