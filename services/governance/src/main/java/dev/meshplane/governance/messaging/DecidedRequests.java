package dev.meshplane.governance.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.meshplane.events.v1.PolicyDecided;

/**
 * Recognises a request id sent again after it was decided (a producer retry, a resent file), so it gets no second
 * decision or publication. The state is bounded by the catalogue, not by traffic: per product, the ids of its last
 * {@value #REMEMBERED} decided requests. It is rebuilt at start from {@code mesh.governance.decisions} (read whole,
 * committed records only) and kept current by this replica's own decisions.
 *
 * <p>The rule: a request is a duplicate when its id is among the last {@value #REMEMBERED} decided for its product. A
 * product's requests share a key, hence a partition, and are decided in order, so a resend is recognised unless more
 * than {@value #REMEMBERED} newer requests for that product were decided in between; it is then decided again, against
 * the current state. A record delivered twice needs no memory: its offset is committed in the transaction that writes
 * its decision ({@link DecisionLog}), so a restart resumes after it.
 */
@ApplicationScoped
public class DecidedRequests {

    static final int REMEMBERED = 4;

    private final Map<String, List<String>> recent = new ConcurrentHashMap<>();

    @Incoming("decisions-view")
    void onDecided(PolicyDecided decision) {
        if (decision != null) {
            decided(decision.getProductId(), decision.getRequestId());
        }
    }

    /** Records a decision written by this replica. */
    void decided(String productId, String requestId) {
        recent.compute(productId, (product, ids) -> {
            if (ids != null && ids.contains(requestId)) {
                return ids;
            }
            List<String> next = new ArrayList<>(ids == null ? List.of() : ids);
            next.add(requestId);
            return List.copyOf(next.subList(Math.max(0, next.size() - REMEMBERED), next.size()));
        });
    }

    boolean isDecided(String productId, String requestId) {
        return recent.getOrDefault(productId, List.of()).contains(requestId);
    }
}
