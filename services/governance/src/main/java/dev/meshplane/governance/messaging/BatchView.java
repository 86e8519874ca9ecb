package dev.meshplane.governance.messaging;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.DataProductPublished;

/**
 * What the request at position {@code i} of a batch sees while the batch's requests are decided in parallel: the
 * published products as they were when the batch arrived, plus what the batch's earlier requests accepted or decided,
 * exactly as if the requests before it had been decided and written one at a time.
 *
 * <p>A decision reads the state of its own product (version, owner, allowed teams, recently decided request ids) and
 * the names of the published products (its inputs must be among them). The processor makes a request wait for the
 * earlier requests of its own product and of its inputs, so the only entries it could see too early are those of
 * requests after it, and the position filters them out.
 */
final class BatchView {

    private record Accepted(String version, String owner, Set<String> allowed) {}

    private final Map<String, String> versions;
    private final Map<String, String> owners;
    private final Function<String, Set<String>> allowed;
    private final Map<String, ConcurrentSkipListMap<Integer, Accepted>> accepted = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, String>> decided = new ConcurrentHashMap<>();

    /**
     * @param versions the current version of every published product when the batch arrived (not changed while the
     *     batch is decided)
     */
    BatchView(Map<String, String> versions, Map<String, String> owners, Function<String, Set<String>> allowed) {
        this.versions = versions;
        this.owners = owners;
        this.allowed = allowed;
    }

    /** Records what the request at {@code position} decided; an accepted product is recorded too. */
    void decided(int position, String productId, String requestId, DataProductPublished product) {
        decided.computeIfAbsent(productId, id -> new ConcurrentSkipListMap<>()).put(position, requestId);
        if (product != null) {
            var descriptor = product.getDescriptor();
            accepted.computeIfAbsent(productId, id -> new ConcurrentSkipListMap<>())
                    .put(
                            position,
                            new Accepted(
                                    product.getVersion(),
                                    descriptor.getMetadata().getOwner(),
                                    Set.copyOf(DescriptorEvents.allowedTeams(descriptor))));
        }
    }

    /** True when a request of the batch before {@code position} decided {@code requestId} of {@code productId}. */
    boolean decidedBefore(int position, String productId, String requestId) {
        var mine = decided.get(productId);
        return mine != null && mine.headMap(position).containsValue(requestId);
    }

    /** The current version of every product, as the request at {@code position} sees it. */
    Map<String, String> versions(int position) {
        Map<String, String> extra = latest(position, Accepted::version);
        return extra.isEmpty() ? versions : new Overlaid(versions, extra);
    }

    /** The owner of every product's current version, as the request at {@code position} sees it. */
    Map<String, String> owners(int position) {
        Map<String, String> extra = latest(position, Accepted::owner);
        return extra.isEmpty() ? owners : new Overlaid(owners, extra);
    }

    /** The teams the current version of {@code productId} allows, as the request at {@code position} sees it. */
    Set<String> allowed(int position, String productId) {
        var mine = accepted.get(productId);
        var before = mine == null ? null : mine.lowerEntry(position);
        return before == null ? allowed.apply(productId) : before.getValue().allowed();
    }

    /** Per product, a value of its last acceptance before {@code position} (products without one are absent). */
    private Map<String, String> latest(int position, Function<Accepted, String> value) {
        Map<String, String> out = new HashMap<>();
        accepted.forEach((productId, byPosition) -> {
            var before = byPosition.lowerEntry(position);
            if (before != null && value.apply(before.getValue()) != null) {
                out.put(productId, value.apply(before.getValue()));
            }
        });
        return out;
    }

    /** A map read through a few entries laid over a larger one; neither is copied. */
    private static final class Overlaid extends AbstractMap<String, String> {

        private final Map<String, String> base;
        private final Map<String, String> over;

        Overlaid(Map<String, String> base, Map<String, String> over) {
            this.base = base;
            this.over = over;
        }

        @Override
        public String get(Object key) {
            return over.containsKey(key) ? over.get(key) : base.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return over.containsKey(key) || base.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return Stream.concat(
                                    over.entrySet().stream(),
                                    base.entrySet().stream().filter(e -> !over.containsKey(e.getKey())))
                            .iterator();
                }

                @Override
                public int size() {
                    return base.size()
                            + (int) over.keySet().stream()
                                    .filter(k -> !base.containsKey(k))
                                    .count();
                }
            };
        }
    }
}
