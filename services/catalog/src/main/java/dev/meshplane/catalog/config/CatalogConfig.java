package dev.meshplane.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The catalog's settings ({@code meshplane.*}). */
@ConfigMapping(prefix = "meshplane")
public interface CatalogConfig {

    /** Apicurio Registry v3 API, for the Avro serdes of the input topics. */
    String registryUrl();

    /** Page size when a list request does not say. */
    @WithDefault("50")
    int defaultPageSize();

    /** The largest page a list request may ask for. */
    @WithDefault("500")
    int maxPageSize();
}
