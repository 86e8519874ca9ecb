package dev.meshplane.governance.access;

import java.util.List;

/**
 * Where access events are written: all of one call or none ({@code mesh.access.requests}, {@code
 * mesh.access.decisions}, {@code mesh.access.grants}, {@code mesh.access.revocations}, {@code mesh.access.observed}).
 * After a successful write the entries are applied to the {@link AccessLedger}.
 */
public interface AccessLog {

    /** @throws dev.meshplane.governance.domain.DependencyUnavailableException when the broker or registry is away */
    void write(List<AccessLedger.Entry> entries);
}
