package dev.meshplane.catalog.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import dev.meshplane.descriptor.DataProduct;

/**
 * Derived, in-memory indexes over the product views: a weighted inverted index for search and the reverse edges of
 * the lineage graph (who reads a product). Rebuilt with the store when the topics are replayed; updated by the same
 * processor that writes the store, one product at a time.
 */
public class CatalogIndex {

    static final int NAME = 8;
    static final int TAG = 4;
    static final int DOMAIN = 3;
    static final int FIELD = 2;
    static final int DESCRIPTION = 1;

    /** token -> product id -> weight. */
    private final NavigableMap<String, Map<String, Integer>> tokens = new ConcurrentSkipListMap<>();
    /** product id -> its tokens, to remove them when the product changes. */
    private final Map<String, Map<String, Integer>> byProduct = new ConcurrentHashMap<>();
    /** product id -> products that declare it as an input. */
    private final Map<String, Set<String>> downstream = new ConcurrentHashMap<>();

    private final Map<String, List<String>> upstream = new ConcurrentHashMap<>();

    public record Hit(String productId, int score) {}

    public synchronized void update(ProductView view) {
        String id = view.productId;
        Map<String, Integer> old = byProduct.remove(id);
        if (old != null) {
            old.keySet().forEach(t -> {
                Map<String, Integer> postings = tokens.get(t);
                if (postings != null) {
                    postings.remove(id);
                }
            });
        }
        Map<String, Integer> weights = new HashMap<>();
        add(weights, view.name, NAME);
        add(weights, view.domain, DOMAIN);
        DataProduct d = view.descriptor;
        if (d != null) {
            d.metadata().tags().forEach(t -> add(weights, t, TAG));
            add(weights, d.metadata().description(), DESCRIPTION);
            d.spec().fields().forEach(f -> add(weights, f.name(), FIELD));
        }
        weights.forEach((t, w) ->
                tokens.computeIfAbsent(t, k -> new ConcurrentHashMap<>()).put(id, w));
        byProduct.put(id, weights);

        List<String> previousInputs = upstream.getOrDefault(id, List.of());
        previousInputs.forEach(
                in -> downstream.getOrDefault(in, new HashSet<>()).remove(id));
        List<String> inputs = view.inputs();
        upstream.put(id, List.copyOf(inputs));
        inputs.forEach(in -> downstream
                .computeIfAbsent(in, k -> ConcurrentHashMap.newKeySet())
                .add(id));
    }

    /**
     * Products matching every query term (a term matches a token it is a prefix of, from 2 characters), ranked by the
     * summed weight of where the terms matched: name, then tags, domain, field names, description.
     */
    public List<Hit> search(String query, int limit) {
        List<String> terms = tokenize(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> scores = null;
        for (String term : terms) {
            Map<String, Integer> termScores = new HashMap<>();
            NavigableMap<String, Map<String, Integer>> matching = term.length() >= 2
                    ? tokens.subMap(term, true, term + Character.MAX_VALUE, true)
                    : tokens.subMap(term, true, term, true);
            for (Map.Entry<String, Map<String, Integer>> e : matching.entrySet()) {
                int exact = e.getKey().equals(term) ? 2 : 1;
                e.getValue().forEach((id, w) -> termScores.merge(id, w * exact, Math::max));
            }
            if (scores == null) {
                scores = termScores;
            } else {
                Map<String, Integer> both = new HashMap<>();
                for (Map.Entry<String, Integer> e : scores.entrySet()) {
                    Integer s = termScores.get(e.getKey());
                    if (s != null) {
                        both.put(e.getKey(), e.getValue() + s);
                    }
                }
                scores = both;
            }
            if (scores.isEmpty()) {
                return List.of();
            }
        }
        List<Hit> hits = new ArrayList<>();
        scores.forEach((id, s) -> hits.add(new Hit(id, s)));
        hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(Hit::productId));
        return hits.subList(0, Math.min(limit, hits.size()));
    }

    public Set<String> downstreamOf(String productId) {
        return Set.copyOf(downstream.getOrDefault(productId, Set.of()));
    }

    public List<String> upstreamOf(String productId) {
        return upstream.getOrDefault(productId, List.of());
    }

    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static void add(Map<String, Integer> weights, String text, int weight) {
        for (String t : tokenize(text)) {
            weights.merge(t, weight, Math::max);
        }
    }
}
