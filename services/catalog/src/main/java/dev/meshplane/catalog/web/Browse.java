package dev.meshplane.catalog.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductSummary;

/**
 * Search and browse for the pages: free text ranked by the catalog's index (no text: every product, by id), narrowed
 * by filters, with the count of each filter's values among the results.
 */
public final class Browse {

    /** Longest search text taken; longer text is cut here (and the page says so), never refused. */
    static final int MAX_QUERY = 200;
    /** How many ranked matches a text search considers: the results and their counts are over these. */
    static final int MAX_MATCHES = 1000;

    static final int PAGE_SIZE = 25;
    /** Deepest page: beyond it, a narrower search says more than another page. */
    static final int MAX_PAGE = 200;
    /** Values listed per filter, the most frequent first. */
    static final int FACET_VALUES = 12;

    private static final String NONE = "none";

    private Browse() {}

    /** What a person asked for; every field may be null. */
    public record Query(String q, String domain, String owner, String tag, String freshness, String quality, int page) {

        static Query of(
                String q, String domain, String owner, String tag, String freshness, String quality, String page) {
            int p = 0;
            try {
                p = page == null ? 0 : Math.max(0, Math.min(MAX_PAGE, Integer.parseInt(page.trim())));
            } catch (NumberFormatException e) {
                p = 0; // a page that is not a number is the first page
            }
            return new Query(
                    q == null ? null : q.strip(),
                    blankToNull(domain),
                    blankToNull(owner),
                    blankToNull(tag),
                    blankToNull(freshness),
                    blankToNull(quality),
                    p);
        }

        public boolean hasText() {
            return q != null && !q.isEmpty();
        }

        /** The query string of this query with one parameter changed (null: removed) and the page reset. */
        String with(String param, String value) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("q", q);
            params.put("domain", domain);
            params.put("owner", owner);
            params.put("tag", tag);
            params.put("freshness", freshness);
            params.put("quality", quality);
            params.put(param, value);
            StringBuilder s = new StringBuilder("/?");
            params.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    s.append(k).append('=').append(Html.url(v)).append('&');
                }
            });
            return s.substring(0, s.length() - 1);
        }

        String page(int p) {
            String base = with("q", q);
            return base + (base.endsWith("?") ? "" : "&") + "page=" + p;
        }
    }

    public record FacetValue(String value, int count, boolean selected, String href) {}

    public record Facet(String label, String param, List<FacetValue> values, String clearHref) {}

    /**
     * @param truncated the text was cut to {@link #MAX_QUERY} characters
     * @param capped a text search with more matches than {@link #MAX_MATCHES}: results and counts are over the best
     * @param noTerms the text has no letter or digit to search for
     */
    public record Result(
            Query query,
            String searched,
            List<ProductSummary> items,
            int total,
            boolean capped,
            boolean truncated,
            boolean noTerms,
            List<Facet> facets,
            String previous,
            String next) {}

    static Result run(CatalogIndex index, Query query) {
        String text = query.q();
        boolean truncated = text != null && text.length() > MAX_QUERY;
        if (truncated) {
            text = text.substring(0, MAX_QUERY);
        }
        boolean noTerms = false;
        boolean capped = false;
        Iterable<ProductSummary> base;
        if (query.hasText()) {
            List<CatalogIndex.Hit> hits = index.search(text, MAX_MATCHES + 1);
            noTerms = !text.codePoints().anyMatch(Character::isLetterOrDigit);
            capped = hits.size() > MAX_MATCHES;
            List<ProductSummary> ranked = new ArrayList<>(hits.size());
            for (int i = 0; i < Math.min(hits.size(), MAX_MATCHES); i++) {
                index.summary(hits.get(i).productId()).ifPresent(ranked::add);
            }
            base = ranked;
        } else {
            base = index.summaries();
        }

        // Counted by identity: a summary's domains, owners, tags and states are shared (interned) strings, so an
        // identity map finds them without hashing their characters; merged by value below.
        Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();
        for (String f : List.of("domain", "owner", "tag", "freshness", "quality")) {
            counts.put(f, new IdentityHashMap<>());
        }
        int from = query.page() * PAGE_SIZE;
        int keep = from + PAGE_SIZE;
        List<ProductSummary> ranked = new ArrayList<>();
        // browsing: the first pages by id, without sorting every product
        PriorityQueue<ProductSummary> byId = new PriorityQueue<>(
                Comparator.comparing(ProductSummary::productId).reversed());
        int total = 0;
        for (ProductSummary s : base) {
            if (!matches(query, s)) {
                continue;
            }
            total++;
            count(counts.get("domain"), s.domain());
            count(counts.get("owner"), s.owner());
            for (String t : s.tags()) {
                count(counts.get("tag"), t);
            }
            count(counts.get("freshness"), s.freshness() == null ? NONE : s.freshness());
            count(counts.get("quality"), s.quality() == null ? NONE : s.quality());
            if (query.hasText()) {
                if (ranked.size() < keep) {
                    ranked.add(s);
                }
            } else {
                byId.add(s);
                if (byId.size() > keep) {
                    byId.poll();
                }
            }
        }
        if (!query.hasText()) {
            while (!byId.isEmpty()) {
                ranked.add(byId.poll());
            }
            java.util.Collections.reverse(ranked);
        }
        List<ProductSummary> items = from >= ranked.size() ? List.of() : ranked.subList(from, ranked.size());

        List<Facet> facets = List.of(
                facet("Domain", "domain", counts, query, query.domain(), Function.identity()),
                facet("Owner", "owner", counts, query, query.owner(), Function.identity()),
                facet("Tag", "tag", counts, query, query.tag(), Function.identity()),
                facet("Freshness", "freshness", counts, query, query.freshness(), Browse::stateLabel),
                facet("Quality", "quality", counts, query, query.quality(), Browse::stateLabel));
        String previous = query.page() > 0 ? query.page(query.page() - 1) : null;
        String next = keep < total && query.page() < MAX_PAGE ? query.page(query.page() + 1) : null;
        return new Result(query, text, List.copyOf(items), total, capped, truncated, noTerms, facets, previous, next);
    }

    private static boolean matches(Query q, ProductSummary s) {
        return (q.domain() == null || q.domain().equals(s.domain()))
                && (q.owner() == null || q.owner().equals(s.owner()))
                && (q.tag() == null || s.tags().contains(q.tag()))
                && (q.freshness() == null || q.freshness().equals(s.freshness() == null ? NONE : s.freshness()))
                && (q.quality() == null || q.quality().equals(s.quality() == null ? NONE : s.quality()));
    }

    private static Facet facet(
            String label,
            String param,
            Map<String, Map<String, int[]>> counts,
            Query query,
            String selected,
            Function<String, String> shown) {
        Map<String, Integer> byValue = new HashMap<>();
        counts.get(param).forEach((value, n) -> byValue.merge(value, n[0], Integer::sum));
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(byValue.entrySet());
        entries.sort(
                Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<FacetValue> values = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(FACET_VALUES, entries.size()))) {
            boolean on = e.getKey().equals(selected);
            values.add(new FacetValue(
                    shown.apply(e.getKey()), e.getValue(), on, query.with(param, on ? null : e.getKey())));
        }
        return new Facet(label, param, values, selected == null ? null : query.with(param, null));
    }

    private static String stateLabel(String value) {
        return NONE.equals(value) ? "no results yet" : value.toLowerCase(java.util.Locale.ROOT);
    }

    private static void count(Map<String, int[]> counts, String value) {
        if (value != null) {
            int[] n = counts.get(value);
            if (n == null) {
                counts.put(value, new int[] {1});
            } else {
                n[0]++;
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
