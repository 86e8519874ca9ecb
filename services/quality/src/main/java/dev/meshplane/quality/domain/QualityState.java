package dev.meshplane.quality.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per product: the runs kept for baselines (ordered by event time) and which checks are currently failing. Stored
 * as JSON in the quality store; replaying the results topic rebuilds it.
 */
public class QualityState {

    /** One run as the baseline needs it. */
    public record Run(String runId, long observedAt, long rowCount) {}

    public List<Run> runs = new ArrayList<>();
    /** checkId -> failing since (event time). */
    public Map<String, Long> failing = new LinkedHashMap<>();

    public boolean seen(String runId) {
        return runs.stream().anyMatch(r -> r.runId().equals(runId));
    }

    /** Inserts in event-time order, so a late run lands in the right place of the window. */
    public void add(Run run) {
        int i = runs.size();
        while (i > 0 && runs.get(i - 1).observedAt() > run.observedAt()) {
            i--;
        }
        runs.add(i, run);
    }

    /** Forgets runs older than {@code keepMillis} before the newest one. */
    public void prune(long keepMillis) {
        if (runs.isEmpty()) {
            return;
        }
        long newest = runs.get(runs.size() - 1).observedAt();
        runs.removeIf(r -> r.observedAt() < newest - keepMillis);
    }

    /** Earlier runs (event time) within {@code windowMillis} before {@code at}. */
    public List<Run> window(long at, long windowMillis) {
        return runs.stream()
                .filter(r -> r.observedAt() < at && r.observedAt() >= at - windowMillis)
                .toList();
    }
}
