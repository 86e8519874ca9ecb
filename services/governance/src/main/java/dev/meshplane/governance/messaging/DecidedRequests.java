package dev.meshplane.governance.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.governance.config.GovernanceConfig;

/**
 * Request ids that already have a decision, so a redelivered request gets no second decision or publication. Fed by
 * this replica's own decisions and by {@code mesh.governance.decisions} read from the beginning at start, so a
 * restart remembers too. Bounded: the oldest ids are forgotten first.
 */
@ApplicationScoped
public class DecidedRequests {

    private final Set<String> ids;

    public DecidedRequests(GovernanceConfig config) {
        int capacity = config.dedupeCapacity();
        this.ids = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    @Incoming("decisions-view")
    void onDecided(PolicyDecided decision) {
        if (decision != null) {
            ids.add(decision.getRequestId());
        }
    }

    /** Records the id; false when it was already decided. */
    boolean markDecided(String requestId) {
        return ids.add(requestId);
    }

    boolean isDecided(String requestId) {
        return ids.contains(requestId);
    }
}
