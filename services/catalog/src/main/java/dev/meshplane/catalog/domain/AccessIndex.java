package dev.meshplane.catalog.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.ConsumerObserved;

/**
 * Who may read each product besides what its descriptor declares, and who does: the grants in force ({@code
 * mesh.access.grants}; a tombstone ends one), the requests nobody has answered yet ({@code mesh.access.requests}, less
 * those answered on {@code mesh.access.decisions}) and the consumer groups governance's sweeps saw on the product's
 * topics ({@code mesh.access.observed}). Kept beside the product views rather than in them: access events are keyed by
 * {@code productId|team} or by request id, so they reach other stream tasks than the product's own, and one catalog
 * replica runs every task in one process. Rebuilt at start from the latest access events kept on disk.
 */
public class AccessIndex {

    /** Answered request ids remembered, so a request read after its answer is not shown as waiting. */
    static final int ANSWERED = 100_000;

    /** A grant: who gave it (an owner, {@code policy:<rule>}, {@code descriptor <version>}), until when (epoch ms). */
    public record Grant(String team, String grantedBy, long grantedAt, Long until) {}

    /** A request waiting for the owners (times in epoch ms). */
    public record Pending(
            String requestId, String team, String requestedBy, String reason, long requestedAt, Long until) {}

    /**
     * A consumer group seen on the product's topics: its team by prefix (null without one), its lag, whether the
     * broker still holds its offsets, when it was first seen, last seen reading (null: not since first seen) and
     * observed (epoch ms).
     */
    public record Reader(
            String group,
            String team,
            List<String> topics,
            long lag,
            boolean present,
            long firstSeenAt,
            Long lastReadAt,
            long observedAt) {}

    private final Map<String, Map<String, Grant>> granted = new TreeMap<>();
    private final Map<String, Map<String, Reader>> observed = new TreeMap<>();
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

    public synchronized void observed(ConsumerObserved e) {
        observed.computeIfAbsent(e.getProductId(), k -> new TreeMap<>())
                .put(
                        e.getGroup(),
                        new Reader(
                                e.getGroup(),
                                e.getTeam(),
                                List.copyOf(e.getTopics()),
                                e.getLag(),
                                e.getPresent(),
                                e.getFirstSeenAt().toEpochMilli(),
                                e.getLastReadAt() == null
                                        ? null
                                        : e.getLastReadAt().toEpochMilli(),
                                e.getObservedAt().toEpochMilli()));
    }

    /** The consumer groups seen on {@code productId}'s topics, by group id; those gone from the broker included. */
    public synchronized List<Reader> readers(String productId, boolean gone) {
        return observed.getOrDefault(productId, Map.of()).values().stream()
                .filter(r -> gone || r.present())
                .toList();
    }

    /**
     * What the product's summary keeps of its readers: the teams with a grant, the teams of the groups the broker
     * holds offsets for, and the latest read of any group.
     */
    public synchronized ProductSummary.Readers readers(String productId) {
        Set<String> teams = new TreeSet<>();
        Long lastRead = null;
        for (Reader r : observed.getOrDefault(productId, Map.of()).values()) {
            if (r.present() && r.team() != null) {
                teams.add(r.team());
            }
            if (r.lastReadAt() != null && (lastRead == null || r.lastReadAt() > lastRead)) {
                lastRead = r.lastReadAt();
            }
        }
        List<String> granted = teams(productId);
        if (granted.isEmpty() && teams.isEmpty() && lastRead == null) {
            return ProductSummary.Readers.NONE; // most products: one shared instance
        }
        return new ProductSummary.Readers(granted, List.copyOf(teams), lastRead);
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
