package dev.meshplane.quality.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per product: the runs kept for baselines (ordered by event time) and which checks are currently failing. The
 * topology stores each run as its own small record and the failing checks as another (see QualityTopology), so a
 * result writes a few bytes however long the history is; this object is their in-memory view.
 */
public class QualityState {

    /** One run as the baseline needs it. */
    public record Run(String runId, long observedAt, long rowCount) {}

    private final List<Run> runs = new ArrayList<>();
    private final Set<String> runIds = new HashSet<>();
    /** checkId -> failing since (event time). */
    public final Map<String, Long> failing = new LinkedHashMap<>();

    public boolean seen(String runId) {
        return runIds.contains(runId);
    }

    /** The runs kept, oldest first. */
    public List<Run> runs() {
        return List.copyOf(runs);
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** Inserts in event-time order, so a late run lands in the right place of the window. */
    public void add(Run run) {
        if (!runIds.add(run.runId())) {
            return;
        }
        int i = runs.size();
        while (i > 0 && runs.get(i - 1).observedAt() > run.observedAt()) {
            i--;
        }
        runs.add(i, run);
    }

    /** Forgets runs older than {@code keepMillis} before the newest one and returns them. */
    public List<Run> prune(long keepMillis) {
        if (runs.isEmpty()) {
            return List.of();
        }
        long oldestKept = runs.get(runs.size() - 1).observedAt() - keepMillis;
        int cut = 0;
        while (cut < runs.size() && runs.get(cut).observedAt() < oldestKept) {
            cut++;
        }
        List<Run> removed = new ArrayList<>(runs.subList(0, cut));
        runs.subList(0, cut).clear();
        removed.forEach(r -> runIds.remove(r.runId()));
        return removed;
    }

    /** Earlier runs (event time) within {@code windowMillis} before {@code at}. */
    public List<Run> window(long at, long windowMillis) {
        List<Run> in = new ArrayList<>();
        for (Run r : runs) {
            if (r.observedAt() >= at) {
                break;
            }
            if (r.observedAt() >= at - windowMillis) {
                in.add(r);
            }
        }
        return in;
    }
}
