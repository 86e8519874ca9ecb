package dev.meshplane.alerting.service.products;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AlertRouteSpec;
import dev.meshplane.events.v1.DataProductPublished;

/**
 * What the alerting service knows of the mesh's products: each one's owner and on-call (for a downstream notice, which
 * names the upstream's on-call), its own alert routes ({@code spec.alerts}), the products that declare it as an input,
 * and the teams granted to read it. Fed from
 * {@code mesh.products} and {@code mesh.access.grants}, read whole at every start ({@link TopicView}).
 */
public final class ProductDirectory {

    /** One product as its current version describes it. */
    public record Product(
            String productId, String owner, String oncall, List<String> inputs, List<AlertRouteSpec> alerts) {}

    private final Map<String, Product> products = new HashMap<>();
    private final Map<String, Set<String>> downstream = new HashMap<>();
    private final Map<String, Set<String>> grantedTeams = new HashMap<>();

    public synchronized void published(DataProductPublished p) {
        String id = p.getProductId();
        Product before = products.get(id);
        if (before != null) {
            before.inputs().forEach(in -> {
                Set<String> readers = downstream.get(in);
                if (readers != null) {
                    readers.remove(id);
                }
            });
        }
        var meta = p.getDescriptor().getMetadata();
        List<String> inputs = p.getDescriptor().getInputs() == null
                ? List.of()
                : List.copyOf(p.getDescriptor().getInputs());
        List<AlertRouteSpec> alerts = p.getDescriptor().getAlerts() == null
                ? List.of()
                : List.copyOf(p.getDescriptor().getAlerts());
        products.put(id, new Product(id, meta.getOwner(), meta.getOncall(), inputs, alerts));
        inputs.forEach(
                in -> downstream.computeIfAbsent(in, k -> new TreeSet<>()).add(id));
    }

    /** A grant record: {@code grant} null is a tombstone for {@code key} ({@code productId|team}). */
    public synchronized void grant(String key, AccessGranted grant) {
        int bar = key == null ? -1 : key.lastIndexOf('|');
        if (bar < 0) {
            return;
        }
        String productId = key.substring(0, bar);
        String team = key.substring(bar + 1);
        if (grant == null) {
            Set<String> teams = grantedTeams.get(productId);
            if (teams != null) {
                teams.remove(team);
            }
        } else {
            grantedTeams.computeIfAbsent(productId, k -> new TreeSet<>()).add(team);
        }
    }

    public synchronized Optional<Product> product(String productId) {
        return Optional.ofNullable(products.get(productId));
    }

    /** The products whose current version declares {@code productId} as an input. */
    public synchronized List<Product> readersOf(String productId) {
        return downstream.getOrDefault(productId, Set.of()).stream()
                .map(products::get)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The teams with a grant to read {@code productId} now. */
    public synchronized List<String> grantedTeams(String productId) {
        return List.copyOf(grantedTeams.getOrDefault(productId, Set.of()));
    }

    public synchronized int size() {
        return products.size();
    }
}
