package dev.meshplane.catalog.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.meshplane.catalog.domain.CatalogIndex;

/**
 * Search and browse results, each distinct query computed at most once a second: with no text, a query walks every
 * product to count the filters' values (about 25 ms at 100,000 products here), and many people, or one person typing,
 * ask the same ones again and again. A page may show the catalog as it was up to {@value #FRESH_MS} ms ago.
 */
@ApplicationScoped
public class BrowseCache {

    static final long FRESH_MS = 1000;
    /** Distinct queries kept; beyond it the cache starts again (old entries are stale within a second anyway). */
    static final int MAX_ENTRIES = 2000;

    private record Entry(long at, Browse.Result result) {}

    private final CatalogIndex index;
    private final Map<Browse.Query, Entry> recent = new ConcurrentHashMap<>();

    public BrowseCache(CatalogIndex index) {
        this.index = index;
    }

    Browse.Result run(Browse.Query query) {
        long now = System.currentTimeMillis();
        Entry cached = recent.get(query);
        if (cached != null && now - cached.at() < FRESH_MS) {
            return cached.result();
        }
        Browse.Result result = Browse.run(index, query);
        if (recent.size() >= MAX_ENTRIES) {
            recent.clear();
        }
        recent.put(query, new Entry(now, result));
        return result;
    }
}
