package dev.meshplane.quality.streams;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.streams.processor.TaskId;

import dev.meshplane.quality.domain.QualityState;

/**
 * The products' states kept as objects beside the stores, shared by the instance's stream tasks and bounded by the
 * runs they hold, not by products: a product with 35 days of hourly runs holds 840 of them, ~150 KiB of heap, so a
 * bound on products alone could not keep the heap safe. Least recently evaluated first out; an evicted product is
 * rebuilt from the stores (one prefix scan) when its next run comes. Each product belongs to one task, so only that
 * task's thread uses its state; the map itself is guarded by this object.
 */
final class StateCache {

    private record Entry(TaskId task, QualityState state) {}

    private final long maxRuns;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long runs;

    StateCache(long maxRuns) {
        this.maxRuns = maxRuns;
    }

    /**
     * The product's state, loaded (outside the lock: a prefix scan) and counted if it is not held; may evict others.
     * Only the product's own task asks for it, so no other thread loads the same product meanwhile.
     */
    QualityState get(TaskId task, String productId, Function<String, QualityState> load) {
        QualityState held = held(productId);
        if (held != null) {
            return held;
        }
        QualityState loaded = load.apply(productId);
        admit(task, productId, loaded);
        return loaded;
    }

    private synchronized QualityState held(String productId) {
        Entry e = entries.get(productId);
        return e == null ? null : e.state();
    }

    private synchronized void admit(TaskId task, String productId, QualityState state) {
        Entry previous = entries.put(productId, new Entry(task, state));
        runs += state.size() - (previous == null ? 0 : previous.state().size());
        evictOver(productId);
    }

    /** After {@code state} gained or lost runs; ignored when it was evicted meanwhile. */
    synchronized void resized(String productId, QualityState state, int delta) {
        Entry e = entries.get(productId);
        if (e != null && e.state() == state) {
            runs += delta;
            evictOver(productId);
        }
    }

    /** Forgets what the task held: it starts again from its stores (restart, rebalance, aborted transaction). */
    synchronized void clear(TaskId task) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.task().equals(task)) {
                runs -= e.state().size();
                it.remove();
            }
        }
    }

    synchronized long runs() {
        return runs;
    }

    synchronized int products() {
        return entries.size();
    }

    private void evictOver(String keep) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (runs > maxRuns && it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (!e.getKey().equals(keep)) {
                runs -= e.getValue().state().size();
                it.remove();
            }
        }
    }
}
