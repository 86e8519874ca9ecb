package dev.meshplane.catalog.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

import dev.meshplane.catalog.domain.CatalogIndex;

/**
 * The live feed of alerts: every FIRING and RESOLVED the catalog applies, pushed to the pages that listen (server-sent
 * events) and the latest {@value #RECENT} kept for a page that opens. Each replica feeds its own listeners: every
 * replica applies every alert.
 */
@Startup // listening from the first alert applied, not from the first page asked for
@ApplicationScoped
public class AlertFeed {

    static final int RECENT = 50;
    static final int BEHIND = 256;

    private final BroadcastProcessor<CatalogIndex.AlertChange> live = BroadcastProcessor.create();
    private final Deque<CatalogIndex.AlertChange> recent = new ArrayDeque<>();

    public AlertFeed(CatalogIndex index) {
        index.onAlert(this::add);
    }

    /** Synchronized: a processor takes one item at a time, whichever stream thread applied it. */
    synchronized void add(CatalogIndex.AlertChange change) {
        synchronized (recent) {
            recent.addFirst(change);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        live.onNext(change);
    }

    /** Newest first. */
    List<CatalogIndex.AlertChange> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /**
     * The changes from now on. A listener that falls {@value #BEHIND} changes behind is cut off (its browser reconnects
     * and reads the page again); it never slows the catalog.
     */
    Multi<CatalogIndex.AlertChange> live() {
        return live.onOverflow().buffer(BEHIND);
    }
}
