package dev.meshplane.catalog.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;

/**
 * Who may read each product besides what its descriptor declares: the grants in force ({@code mesh.access.grants}; a
 * tombstone ends one) and the requests nobody has answered yet ({@code mesh.access.requests}, less those answered on
 * {@code mesh.access.decisions}). Kept beside the product views rather than in them: access events are keyed by
 * {@code productId|team} or by request id, so they reach other stream tasks than the product's own, and one catalog
 * replica runs every task in one process. Rebuilt by the replay like the views.
 */
public class AccessIndex {

    /** Answered request ids remembered, so a request read after its answer is not shown as waiting. */
    static final int ANSWERED = 100_000;

    /** A grant: who gave it (an owner, {@code policy:<rule>}, {@code descriptor <version>}), until when (epoch ms). */
    public record Grant(String team, String grantedBy, long grantedAt, Long until) {}

    /** A request waiting for the owners (times in epoch ms). */
    public record Pending(
            String requestId, String team, String requestedBy, String reason, long requestedAt, Long until) {}

    private final Map<String, Map<String, Grant>> granted = new TreeMap<>();
    private final Map<String, Map<String, Pending>> pending = new TreeMap<>();
    private final Map<String, Boolean> answered = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ANSWERED;
        }
    };

    public synchronized void granted(AccessGranted e) {
        granted.computeIfAbsent(e.getProductId(), k -> new TreeMap<>())
                .put(
                        e.getTeam(),
                        new Grant(
                                e.getTeam(),
                                e.getGrantedBy(),
                                e.getGrantedAt().toEpochMilli(),
                                e.getUntil() == null ? null : e.getUntil().toEpochMilli()));
    }

    public synchronized void grantEnded(String productId, String team) {
        Map<String, Grant> teams = granted.get(productId);
        if (teams != null) {
            teams.remove(team);
            if (teams.isEmpty()) {
                granted.remove(productId);
            }
        }
    }

    public synchronized void requested(AccessRequested e) {
        if (answered.containsKey(e.getRequestId())) {
            return;
        }
        pending.computeIfAbsent(e.getProductId(), k -> new LinkedHashMap<>())
                .put(
                        e.getRequestId(),
                        new Pending(
                                e.getRequestId(),
                                e.getTeam(),
                                e.getRequestedBy(),
                                e.getReason(),
                                e.getRequestedAt().toEpochMilli(),
                                e.getUntil() == null ? null : e.getUntil().toEpochMilli()));
    }

    public synchronized void answered(AccessDecided e) {
        answered.put(e.getRequestId(), Boolean.TRUE);
        Map<String, Pending> waiting = pending.get(e.getProductId());
        if (waiting != null) {
            waiting.remove(e.getRequestId());
            if (waiting.isEmpty()) {
                pending.remove(e.getProductId());
            }
        }
    }

    /** The grants of {@code productId} in force at {@code now} (epoch ms), by team. */
    public synchronized List<Grant> grants(String productId, long now) {
        return granted.getOrDefault(productId, Map.of()).values().stream()
                .filter(g -> g.until() == null || g.until() > now)
                .toList();
    }

    /** The teams with a grant on {@code productId} (an ended grant included until its tombstone is read). */
    public synchronized List<String> teams(String productId) {
        return List.copyOf(granted.getOrDefault(productId, Map.of()).keySet());
    }

    /** The requests waiting for the owners of {@code productId}, oldest first. */
    public synchronized List<Pending> pending(String productId) {
        List<Pending> out =
                new ArrayList<>(pending.getOrDefault(productId, Map.of()).values());
        out.sort(Comparator.comparingLong(Pending::requestedAt));
        return out;
    }
}
