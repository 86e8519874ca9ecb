package dev.meshplane.governance.domain;

import java.util.Optional;

/** What governance needs from the schema registry. */
public interface SchemaRegistry {

    /**
     * Checks {@code schema} against the artifact's existing versions under its compatibility rule, without storing it.
     *
     * @return the registry's explanation when incompatible; empty when compatible or the artifact is new
     */
    Optional<String> incompatibility(String artifactId, String schema);

    /** Registers {@code schema} as the artifact's latest version (or finds the identical one); returns its global id. */
    long register(String artifactId, String schema);
}
