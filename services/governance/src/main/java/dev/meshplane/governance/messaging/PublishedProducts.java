package dev.meshplane.governance.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.meshplane.descriptor.Semver;
import dev.meshplane.events.v1.DataProductPublished;

/**
 * The current version of every published product, read from the compacted {@code mesh.products} by every replica
 * (a group id of its own, from the beginning) and updated at once when this replica accepts a publication.
 */
@ApplicationScoped
public class PublishedProducts {

    private final Map<String, String> versions = new ConcurrentHashMap<>();

    @Incoming("products-view")
    void onPublished(DataProductPublished published) {
        if (published != null) {
            versions.merge(published.getProductId(), published.getVersion(), Semver::max);
        }
    }

    void accepted(String productId, String version) {
        versions.merge(productId, version, Semver::max);
    }

    /** Product id to current version. */
    public Map<String, String> versions() {
        return Map.copyOf(versions);
    }
}
