package dev.meshplane.policy;

import java.util.Optional;
import java.util.Set;

/**
 * What a policy may know beyond the descriptor. The CLI offline knows nothing; the governance service knows every
 * published product, so {@code inputs-exist} only runs there.
 */
public record PolicyContext(Optional<Set<String>> publishedProducts) {

    public static PolicyContext offline() {
        return new PolicyContext(Optional.empty());
    }

    public static PolicyContext withCatalog(Set<String> publishedProducts) {
        return new PolicyContext(Optional.of(Set.copyOf(publishedProducts)));
    }
}
