package dev.meshplane.quality.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The quality service's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface QualityConfig {

    /** Apicurio Registry v3 API, for the Avro serdes. */
    String registryUrl();

    /** A row_count_delta check is SKIPPED until the window holds this many earlier runs. */
    @WithDefault("3")
    int minBaselineRuns();
}
