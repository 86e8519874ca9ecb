package dev.meshplane.governance.messaging;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.Semver;
import dev.meshplane.events.v1.DataProductPublished;

/**
 * The current version of every published product, read from the compacted {@code mesh.products} by every replica
 * (a group id of its own, from the beginning) and updated at once when this replica accepts a publication.
 */
@ApplicationScoped
public class PublishedProducts {

    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();
    private final Map<String, DataProductPublished> currents = new ConcurrentHashMap<>();

    @Incoming("products-view")
    void onPublished(DataProductPublished published) {
        if (published != null) {
            accepted(published);
        }
    }

    /**
     * Records a published version; its owner and allow list become the product's when it is the highest version so
     * far.
     */
    public synchronized void accepted(DataProductPublished published) {
        String productId = published.getProductId();
        String version = published.getVersion();
        String current = versions.get(productId);
        if (current == null || Semver.compare(version, current) >= 0) {
            versions.put(productId, version);
            var descriptor = published.getDescriptor();
            if (descriptor.getMetadata().getOwner() != null) {
                owners.put(productId, descriptor.getMetadata().getOwner());
            }
            allowed.put(productId, Set.copyOf(DescriptorEvents.allowedTeams(descriptor)));
            currents.put(productId, published);
        }
    }

    /** The current (highest) version of {@code productId} as it was published, or null for an unknown product. */
    public DataProductPublished current(String productId) {
        return currents.get(productId);
    }

    /** The teams the current version of {@code productId} allows (empty for an unknown product). */
    public Set<String> allowed(String productId) {
        return allowed.getOrDefault(productId, Set.of());
    }

    /** Product id to the owner of its current version (products published without an owner are absent). */
    public Map<String, String> owners() {
        return Map.copyOf(owners);
    }

    /** Product id to current version. */
    public Map<String, String> versions() {
        return Map.copyOf(versions);
    }
}
