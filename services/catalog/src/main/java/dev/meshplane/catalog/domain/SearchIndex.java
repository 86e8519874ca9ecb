package dev.meshplane.catalog.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;

/**
 * A weighted inverted index over product ids. Each token keeps a sorted array of product ordinals and their
 * weights, so a query intersects arrays (the rarest term drives the walk) and keeps only the top hits: no per-query
 * maps, little garbage, at 100,000 products.
 *
 * <p>Not thread-safe by itself: writers hold the caller's lock; readers take a consistent snapshot of the postings they
 * walk (a token's postings are replaced, never changed; an append writes only past the size of every earlier one).
 */
final class SearchIndex {

    /**
     * A token's postings: the first {@code size} entries of the arrays, product ordinals ascending and the weight of
     * each. A Postings never changes once a reader may see it: a change makes a new one. A product new to the index
     * has the highest ordinal, so it is appended: into the spare room of the arrays when there is some (no reader of
     * an earlier Postings looks past its own size), so loading the catalog does not copy the arrays of a common token
     * once per product.
     */
    private record Postings(int[] ordinals, byte[] weights, int size) {
        static final Postings EMPTY = new Postings(new int[0], new byte[0], 0);

        Postings with(int ordinal, int weight) {
            int i = Arrays.binarySearch(ordinals, 0, size, ordinal);
            if (i >= 0) {
                byte[] w = Arrays.copyOf(weights, size);
                w[i] = (byte) weight;
                return new Postings(Arrays.copyOf(ordinals, size), w, size);
            }
            int at = -i - 1;
            if (at == size) {
                int[] o = ordinals;
                byte[] w = weights;
                if (size == o.length) {
                    int capacity = Math.max(4, size + (size >> 1));
                    o = Arrays.copyOf(o, capacity);
                    w = Arrays.copyOf(w, capacity);
                }
                o[size] = ordinal;
                w[size] = (byte) weight;
                return new Postings(o, w, size + 1);
            }
            int[] o = new int[size + 1];
            byte[] w = new byte[size + 1];
            System.arraycopy(ordinals, 0, o, 0, at);
            System.arraycopy(weights, 0, w, 0, at);
            o[at] = ordinal;
            w[at] = (byte) weight;
            System.arraycopy(ordinals, at, o, at + 1, size - at);
            System.arraycopy(weights, at, w, at + 1, size - at);
            return new Postings(o, w, size + 1);
        }

        Postings without(int ordinal) {
            int i = Arrays.binarySearch(ordinals, 0, size, ordinal);
            if (i < 0) {
                return this;
            }
            int[] o = new int[size - 1];
            byte[] w = new byte[size - 1];
            System.arraycopy(ordinals, 0, o, 0, i);
            System.arraycopy(weights, 0, w, 0, i);
            System.arraycopy(ordinals, i + 1, o, i, size - i - 1);
            System.arraycopy(weights, i + 1, w, i, size - i - 1);
            return new Postings(o, w, size - 1);
        }

        /** Weight of {@code ordinal}, or 0 when absent. */
        int weight(int ordinal) {
            int i = Arrays.binarySearch(ordinals, 0, size, ordinal);
            return i < 0 ? 0 : weights[i];
        }
    }

    private final NavigableMap<String, Postings> tokens = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, Integer> ordinals = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The product id of each ordinal: an append-only array, grown by half when full (a copy-on-write list copied
     * itself once per product: most of the time of rebuilding the index of 100,000 products). A reader resolves
     * ordinals it found in postings, which were put after their ids, so the array it reads holds them.
     */
    private volatile String[] ids = new String[1024];

    /** Volatile: readers size their per-query arrays by it (a product added since is found by the next query). */
    private volatile int idCount;
    /**
     * Per ordinal, the product's tokens, to take it out of the postings it leaves. The strings are the keys of {@code
     * tokens} themselves: a token used by thousands of products is one string.
     */
    private final List<String[]> tokensOf = new ArrayList<>();

    /** Replaces the tokens of {@code productId}. Callers serialize writes. */
    void put(String productId, Map<String, Integer> weights) {
        Integer ordinal = ordinals.get(productId);
        if (ordinal == null) {
            ordinal = idCount;
            if (ordinal == ids.length) {
                ids = Arrays.copyOf(ids, ordinal + (ordinal >> 1));
            }
            ids[ordinal] = productId;
            idCount = ordinal + 1; // one writer (the caller's lock): no lost increment
            ordinals.put(productId, ordinal);
            tokensOf.add(null);
        }
        String[] old = tokensOf.get(ordinal);
        if (old != null) {
            for (String t : old) {
                if (!weights.containsKey(t)) {
                    Postings p = tokens.get(t);
                    if (p != null) {
                        tokens.put(t, p.without(ordinal));
                    }
                }
            }
        }
        String[] now = new String[weights.size()];
        int i = 0;
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            String known = tokens.ceilingKey(e.getKey());
            String token = e.getKey().equals(known) ? known : e.getKey();
            tokens.put(token, tokens.getOrDefault(token, Postings.EMPTY).with(ordinal, e.getValue()));
            now[i++] = token;
        }
        tokensOf.set(ordinal, now);
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
            if (p.size() == 0) {
                return List.of();
            }
            perTerm.add(p);
        }
        perTerm.sort((a, b) -> Integer.compare(a.size(), b.size()));
        Postings rarest = perTerm.get(0);
        // Ties go to the product published first (lower ordinal): cheap and stable.
        PriorityQueue<long[]> top = new PriorityQueue<>(
                limit + 1, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        outer:
        for (int i = 0; i < rarest.size(); i++) {
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
            hits.add(new CatalogIndex.Hit(ids[(int) e[1]], (int) e[0]));
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
        // One weight per ordinal, filled from every posting list the term prefixes and read back in ordinal order: no
        // boxing or tree per matching product, whatever the number of products a short prefix matches.
        int count = idCount;
        byte[] merged = new byte[count];
        int matched = 0;
        for (Postings p : prefixed.values()) {
            for (int i = 0; i < p.size(); i++) {
                int ordinal = p.ordinals()[i];
                if (ordinal < count) {
                    if (merged[ordinal] == 0) {
                        matched++;
                    }
                    merged[ordinal] = (byte) Math.max(merged[ordinal], p.weights()[i]);
                }
            }
        }
        for (int i = 0; i < exact.size(); i++) {
            int ordinal = exact.ordinals()[i];
            if (ordinal < count) {
                if (merged[ordinal] == 0) {
                    matched++;
                }
                merged[ordinal] = (byte) Math.min(Byte.MAX_VALUE, Math.max(merged[ordinal], exact.weights()[i] * 2));
            }
        }
        int[] o = new int[matched];
        byte[] w = new byte[matched];
        int at = 0;
        for (int ordinal = 0; ordinal < count && at < matched; ordinal++) {
            if (merged[ordinal] != 0) {
                o[at] = ordinal;
                w[at++] = merged[ordinal];
            }
        }
        return new Postings(o, w, at);
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
