package dev.meshplane.governance.domain;

import java.util.Optional;

/**
 * What governance needs from the schema registry. Both calls throw {@link DependencyUnavailableException} when the
 * registry cannot answer (unreachable, timed out, 5xx), so the caller waits and tries again instead of deciding.
 */
public interface SchemaRegistry {

    /**
     * Checks {@code schema} against the artifact's existing versions under its compatibility rule, without storing it.
     *
     * @return the registry's explanation when incompatible; empty when compatible or the artifact is new
     */
    Optional<String> incompatibility(String artifactId, String schema);

    /**
     * Registers {@code schema} as the artifact's latest version (or finds the identical one); returns its global id.
     *
     * @throws UndecidableRequestException when the registry refuses the schema itself (4xx)
     */
    long register(String artifactId, String schema);
}
