package dev.meshplane.quality.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The quality service's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface QualityConfig {

    /**
     * Whether the Kafka Streams state folder is checked against the cluster before it is opened (libs/streams
     * {@code StateFolder}: another cluster's state refused, another layout's set aside). Off only in the tests that
     * run without a broker.
     */
    @WithDefault("true")
    boolean stateFolderCheck();

    /** Apicurio Registry v3 API, for the Avro serdes. */
    String registryUrl();

    /** A row_count_delta check is SKIPPED until the window holds this many earlier runs. */
    @WithDefault("3")
    int minBaselineRuns();

    /**
     * How many runs, over all products, the service keeps in memory beside its stores (~180 bytes of heap each with
     * UUID run ids: the default takes ~175 MiB). A product with 35 days of hourly runs holds 840. Products beyond it
     * are read from the stores (one prefix scan) when their next run comes, so a larger working set costs speed, not
     * memory.
     */
    @WithDefault("1000000")
    long cachedRuns();

    /** How far an event time may lie from when its record was written ({@code meshplane.event-time.*}). */
    EventTime eventTime();

    /** A result stamped outside this window around its record's time is dead-lettered, not evaluated. */
    interface EventTime {

        @WithDefault("P400D")
        Duration maxPast();

        @WithDefault("P1D")
        Duration maxFuture();
    }
}
