package dev.meshplane.catalog.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.meshplane.descriptor.DataProduct;

/**
 * Derived, in-memory indexes over the product views: a weighted inverted index for search, the reverse edges of
 * the lineage graph (who reads a product) and who may and does read each product ({@link AccessIndex}). Rebuilt from
 * the store at every start (CatalogFold); updated by the same processor that writes the store, one product at a time.
 */
public class CatalogIndex {

    static final int NAME = 8;
    static final int TAG = 4;
    static final int DOMAIN = 3;
    static final int OWNER = 3;
    static final int FIELD = 2;
    static final int DESCRIPTION = 1;

    private final SearchIndex search = new SearchIndex();
    private final Map<String, Set<String>> downstream = new ConcurrentHashMap<>();

    private final Map<String, List<String>> upstream = new ConcurrentHashMap<>();
    private final Map<String, ProductSummary> summaries = new ConcurrentHashMap<>();
    private final AccessIndex access = new AccessIndex();

    public record Hit(String productId, int score) {}

    /** An alert of a product fired or resolved, as the catalog applied it (the web pages' live feed listens). */
    public record AlertChange(
            String productId, String alertId, String state, String kind, String checkId, String summary, long at) {}

    private final List<java.util.function.Consumer<AlertChange>> alertListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onAlert(java.util.function.Consumer<AlertChange> listener) {
        alertListeners.add(listener);
    }

    /** Called by the fold after it applied an alert's change to the product's view. */
    public void alerted(AlertChange change) {
        for (var listener : alertListeners) {
            listener.accept(change);
        }
    }

    /**
     * A view changed in what its summary shows only (checks, alerts, freshness, feedback): the summary follows, the
     * search and lineage entries, which come from the descriptor and the status, stay as they are.
     */
    public synchronized void summarize(ProductView view) {
        summaries.put(view.productId, ProductSummary.of(view, access.readers(view.productId)));
    }

    /** A view is new or its descriptor or status may have changed: its summary, search and lineage entries follow. */
    public synchronized void update(ProductView view) {
        String id = view.productId;
        summaries.put(id, ProductSummary.of(view, access.readers(id)));
        Map<String, Integer> weights = new HashMap<>();
        add(weights, view.name, NAME);
        add(weights, view.domain, DOMAIN);
        DataProduct d = view.descriptor;
        if (d != null) {
            d.metadata().tags().forEach(t -> add(weights, t, TAG));
            add(weights, d.metadata().owner(), OWNER);
            add(weights, d.metadata().oncall(), OWNER);
            add(weights, d.metadata().description(), DESCRIPTION);
            d.spec().fields().forEach(f -> add(weights, f.name(), FIELD));
        }
        if (view.published()) { // search finds what consumers can use; rejected-only products are listed, not searched
            search.put(id, weights);
        }

        List<String> previousInputs = upstream.getOrDefault(id, List.of());
        previousInputs.forEach(in -> downstream.computeIfPresent(in, (k, readers) -> without(readers, id)));
        List<String> inputs = view.inputs();
        if (inputs.isEmpty()) {
            upstream.remove(id);
        } else {
            upstream.put(id, List.copyOf(inputs));
        }
        inputs.forEach(in -> downstream.merge(in, Set.of(id), CatalogIndex::with));
    }

    // A product's readers are an immutable set, replaced on change: small, and safe to hand out while it changes.

    private static Set<String> with(Set<String> readers, Set<String> more) {
        if (readers.containsAll(more)) {
            return readers;
        }
        Set<String> all = new HashSet<>(readers);
        all.addAll(more);
        return Set.copyOf(all);
    }

    private static Set<String> without(Set<String> readers, String id) {
        if (!readers.contains(id)) {
            return readers;
        }
        Set<String> rest = new HashSet<>(readers);
        rest.remove(id);
        return rest.isEmpty() ? null : Set.copyOf(rest);
    }

    /** Who may read each product besides its declared teams: grants and waiting requests. */
    public AccessIndex access() {
        return access;
    }

    /** A product's grants or observed readers changed: its summary (the health's cross-domain signals) follows. */
    public synchronized void accessChanged(String productId) {
        summaries.computeIfPresent(productId, (id, s) -> s.withReaders(access.readers(id)));
    }

    /**
     * Products matching every query term (a term matches a token it is a prefix of, from 2 characters), ranked by the
     * summed weight of where the terms matched: name, then tags, domain and owner or on-call, field names,
     * description.
     */
    public List<Hit> search(String query, int limit) {
        return search.search(tokenize(query), limit);
    }

    /** Every product's summary, in no particular order. */
    public java.util.Collection<ProductSummary> summaries() {
        return summaries.values();
    }

    /** {@code products} (summaries of this index) grouped by domain, domains in name order. */
    public static java.util.SortedMap<String, List<ProductSummary>> byDomain(
            java.util.Collection<ProductSummary> products) {
        java.util.SortedMap<String, List<ProductSummary>> out = new java.util.TreeMap<>();
        products.forEach(v -> out.computeIfAbsent(v.domain(), k -> new java.util.ArrayList<>())
                .add(v));
        return out;
    }

    /** What a domain's page and its API entry count over its products: owners, open alerts, SLA breaches. */
    public record DomainTotals(java.util.SortedSet<String> owners, int openAlerts, int breached) {

        public static DomainTotals of(List<ProductSummary> products) {
            java.util.SortedSet<String> owners = new java.util.TreeSet<>();
            int alerts = 0;
            int breached = 0;
            for (ProductSummary v : products) {
                if (v.owner() != null) {
                    owners.add(v.owner());
                }
                alerts += v.openAlerts();
                if ("BREACHED".equals(v.freshness())) {
                    breached++;
                }
            }
            return new DomainTotals(owners, alerts, breached);
        }
    }

    public java.util.Optional<ProductSummary> summary(String productId) {
        return java.util.Optional.ofNullable(summaries.get(productId));
    }

    public Set<String> downstreamOf(String productId) {
        return downstream.getOrDefault(productId, Set.of());
    }

    public List<String> upstreamOf(String productId) {
        return upstream.getOrDefault(productId, List.of());
    }

    static List<String> tokenize(String text) {
        return SearchIndex.tokenize(text);
    }

    private static void add(Map<String, Integer> weights, String text, int weight) {
        for (String t : tokenize(text)) {
            weights.merge(t, weight, Math::max);
        }
    }
}
