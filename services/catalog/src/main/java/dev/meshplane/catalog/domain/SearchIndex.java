package dev.meshplane.catalog.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * A weighted inverted index over product ids. Each token keeps a sorted array of product ordinals and their
 * weights, so a query intersects arrays (the rarest term drives the walk) and keeps only the top hits: no per-query
 * maps, little garbage, at 100,000 products.
 *
 * <p>Not thread-safe by itself: writers hold the caller's lock; readers take a consistent snapshot of the arrays they
 * walk (arrays are replaced, never changed in place).
 */
final class SearchIndex {

    /** A token's postings: product ordinals ascending, and the weight of each. Replaced whole on every change. */
    private record Postings(int[] ordinals, byte[] weights) {
        static final Postings EMPTY = new Postings(new int[0], new byte[0]);

        Postings with(int ordinal, int weight) {
            int i = Arrays.binarySearch(ordinals, ordinal);
            if (i >= 0) {
                byte[] w = weights.clone();
                w[i] = (byte) weight;
                return new Postings(ordinals, w);
            }
            int at = -i - 1;
            int[] o = new int[ordinals.length + 1];
            byte[] w = new byte[weights.length + 1];
            System.arraycopy(ordinals, 0, o, 0, at);
            System.arraycopy(weights, 0, w, 0, at);
            o[at] = ordinal;
            w[at] = (byte) weight;
            System.arraycopy(ordinals, at, o, at + 1, ordinals.length - at);
            System.arraycopy(weights, at, w, at + 1, weights.length - at);
            return new Postings(o, w);
        }

        Postings without(int ordinal) {
            int i = Arrays.binarySearch(ordinals, ordinal);
            if (i < 0) {
                return this;
            }
            int[] o = new int[ordinals.length - 1];
            byte[] w = new byte[weights.length - 1];
            System.arraycopy(ordinals, 0, o, 0, i);
            System.arraycopy(weights, 0, w, 0, i);
            System.arraycopy(ordinals, i + 1, o, i, ordinals.length - i - 1);
            System.arraycopy(weights, i + 1, w, i, weights.length - i - 1);
            return new Postings(o, w);
        }

        /** Weight of {@code ordinal}, or 0 when absent. */
        int weight(int ordinal) {
            int i = Arrays.binarySearch(ordinals, ordinal);
            return i < 0 ? 0 : weights[i];
        }
    }

    private final NavigableMap<String, Postings> tokens = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, Integer> ordinals = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Integer>> byProduct = new HashMap<>();

    /** Replaces the tokens of {@code productId}. Callers serialize writes. */
    void put(String productId, Map<String, Integer> weights) {
        Integer ordinal = ordinals.get(productId);
        if (ordinal == null) {
            ordinal = ids.size();
            ids.add(productId);
            ordinals.put(productId, ordinal);
        }
        Map<String, Integer> old = byProduct.put(productId, weights);
        if (old != null) {
            for (String t : old.keySet()) {
                if (!weights.containsKey(t)) {
                    Postings p = tokens.get(t);
                    if (p != null) {
                        tokens.put(t, p.without(ordinal));
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            tokens.put(
                    e.getKey(), tokens.getOrDefault(e.getKey(), Postings.EMPTY).with(ordinal, e.getValue()));
        }
    }

    /**
     * Products matching every term; a term matches the tokens it is a prefix of (from two characters), an exact token
     * counting double. Ranked by summed weight, then by first publication.
     */
    List<CatalogIndex.Hit> search(List<String> terms, int limit) {
        if (terms.isEmpty()) {
            return List.of();
        }
        List<Postings> perTerm = new ArrayList<>();
        for (String term : terms) {
            Postings p = termPostings(term);
            if (p.ordinals().length == 0) {
                return List.of();
            }
            perTerm.add(p);
        }
        perTerm.sort((a, b) -> Integer.compare(a.ordinals().length, b.ordinals().length));
        Postings rarest = perTerm.get(0);
        // Ties go to the product published first (lower ordinal): cheap and stable.
        PriorityQueue<long[]> top = new PriorityQueue<>(
                limit + 1, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        outer:
        for (int i = 0; i < rarest.ordinals().length; i++) {
            int ordinal = rarest.ordinals()[i];
            long score = rarest.weights()[i];
            for (int t = 1; t < perTerm.size(); t++) {
                int w = perTerm.get(t).weight(ordinal);
                if (w == 0) {
                    continue outer;
                }
                score += w;
            }
            top.add(new long[] {score, ordinal});
            if (top.size() > limit) {
                top.poll();
            }
        }
        List<CatalogIndex.Hit> hits = new ArrayList<>(top.size());
        while (!top.isEmpty()) {
            long[] e = top.poll();
            hits.add(new CatalogIndex.Hit(ids.get((int) e[1]), (int) e[0]));
        }
        java.util.Collections.reverse(hits);
        return hits;
    }

    /**
     * The postings of one query term: the exact token merged with the tokens it prefixes. Exact matches count double;
     * when nothing else matches the term, the token's own postings are used as they are (doubling every weight does
     * not change the ranking).
     */
    private Postings termPostings(String term) {
        Postings exact = tokens.getOrDefault(term, Postings.EMPTY);
        if (term.length() < 2) {
            return exact;
        }
        NavigableMap<String, Postings> prefixed = tokens.subMap(term, false, term + Character.MAX_VALUE, true);
        if (prefixed.isEmpty()) {
            return exact;
        }
        TreeMap<Integer, Integer> merged = new TreeMap<>();
        for (Postings p : prefixed.values()) {
            for (int i = 0; i < p.ordinals().length; i++) {
                merged.merge(p.ordinals()[i], (int) p.weights()[i], Math::max);
            }
        }
        for (int i = 0; i < exact.ordinals().length; i++) {
            merged.merge(exact.ordinals()[i], exact.weights()[i] * 2, Math::max);
        }
        int[] o = new int[merged.size()];
        byte[] w = new byte[merged.size()];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : merged.entrySet()) {
            o[i] = e.getKey();
            w[i++] = (byte) Math.min(Byte.MAX_VALUE, e.getValue());
        }
        return new Postings(o, w);
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
}
