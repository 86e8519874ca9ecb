package dev.meshplane.quality.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per product: the runs kept for baselines (ordered by event time) and which checks are currently failing. The
 * topology stores each run as its own small record and the failing checks as another (see QualityTopology), so a
 * result writes a few bytes however long the history is; this object is their in-memory view.
 *
 * <p>Beside the runs it keeps their running row-count sums, so a window's count and mean take two binary searches
 * instead of a walk over the history: a run costs the same with 10 or 1,000 runs kept.
 */
public class QualityState {

    /** One run as the baseline needs it. */
    public record Run(String runId, long observedAt, long rowCount) {}

    /** The runs of a window and their mean row count (0 when there are none). */
    public record Window(int runs, double mean) {}

    private final List<Run> runs = new ArrayList<>();
    private final Set<String> runIds = new HashSet<>();
    /** {@code times[i]} is the event time of {@code runs.get(i)}: the binary searches read no run objects. */
    private long[] times = new long[16];
    /** {@code sums[i + 1] - sums[i]} is the row count of {@code runs.get(i)}; only differences are meaningful. */
    private long[] sums = new long[17];
    /** checkId -> failing since (event time). */
    public final Map<String, Long> failing = new LinkedHashMap<>();

    public boolean seen(String runId) {
        return runIds.contains(runId);
    }

    /** The runs kept, oldest first. */
    public List<Run> runs() {
        return List.copyOf(runs);
    }

    /** How many runs are kept. */
    public int size() {
        return runs.size();
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
        while (i > 0 && times[i - 1] > run.observedAt()) {
            i--;
        }
        runs.add(i, run);
        if (times.length < runs.size()) {
            times = Arrays.copyOf(times, 2 * times.length);
            sums = Arrays.copyOf(sums, times.length + 1);
        }
        System.arraycopy(times, i, times, i + 1, runs.size() - 1 - i);
        times[i] = run.observedAt();
        for (int j = i; j < runs.size(); j++) { // only the tail moves; in-order runs touch one slot
            sums[j + 1] = sums[j] + runs.get(j).rowCount();
        }
    }

    /** Forgets runs older than {@code keepMillis} before the newest one and returns them. */
    public List<Run> prune(long keepMillis) {
        if (runs.isEmpty()) {
            return List.of();
        }
        int cut = firstAtOrAfter(runs.get(runs.size() - 1).observedAt() - keepMillis);
        if (cut == 0) {
            return List.of();
        }
        List<Run> removed = new ArrayList<>(runs.subList(0, cut));
        runs.subList(0, cut).clear();
        System.arraycopy(times, cut, times, 0, runs.size());
        System.arraycopy(sums, cut, sums, 0, runs.size() + 1);
        removed.forEach(r -> runIds.remove(r.runId()));
        return removed;
    }

    /** Earlier runs (event time) within {@code windowMillis} before {@code at}. */
    public List<Run> window(long at, long windowMillis) {
        return List.copyOf(runs.subList(firstAtOrAfter(at - windowMillis), firstAtOrAfter(at)));
    }

    /** The count and mean row count of {@link #window}, without copying it. */
    public Window stats(long at, long windowMillis) {
        int from = firstAtOrAfter(at - windowMillis);
        int to = firstAtOrAfter(at);
        return to == from ? new Window(0, 0) : new Window(to - from, (double) (sums[to] - sums[from]) / (to - from));
    }

    /** The index of the first run at or after {@code at} (event time), or the number of runs. */
    private int firstAtOrAfter(long at) {
        int lo = 0;
        int hi = runs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
