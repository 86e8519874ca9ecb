package dev.meshplane.governance.access;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;

/** What the access API answers, as JSON. */
public final class AccessViews {

    private AccessViews() {}

    /**
     * One request and, once answered, its answer. {@code state}: PENDING, APPROVED or DENIED; {@code decidedBy} is an
     * owner's name or {@code policy:<rule>}.
     */
    public record Request(
            String id,
            String product,
            String team,
            String requestedBy,
            String reason,
            Instant requestedAt,
            Instant until,
            String state,
            String decidedBy,
            Instant decidedAt,
            String decisionReason) {}

    /** One grant: who granted it (an owner, {@code policy:<rule>} or {@code descriptor <version>}) and until when. */
    public record Grant(String team, String grantedBy, Instant grantedAt, Instant until, String requestId) {}

    /**
     * A consumer group with committed offsets on the product's topics: its team by prefix (null without one), how many
     * records it is behind, and whether it is flagged (its team may not read the product).
     */
    public record Observed(String group, String team, long lag, boolean flagged) {}

    /**
     * A product's access: declared in its current version, granted, waiting, the latest answers, and the consumers
     * the broker observes ({@code observedError} says why they are missing when the broker did not answer).
     */
    public record Product(
            String product,
            String version,
            String byDefault,
            List<String> declared,
            List<Grant> granted,
            List<Request> pending,
            List<Request> decided,
            String owners,
            List<Observed> observed,
            String observedError) {

        /** The teams that may read the product: declared ones and those with a grant. */
        public Set<String> readers() {
            Set<String> teams = new TreeSet<>(declared);
            granted.forEach(g -> teams.add(g.team()));
            return teams;
        }

        public Product withObserved(List<Observed> readers, String error) {
            return new Product(
                    product, version, byDefault, declared, granted, pending, decided, owners, readers, error);
        }
    }

    static Request request(AccessRequested r, AccessDecided d) {
        return new Request(
                r.getRequestId(),
                r.getProductId(),
                r.getTeam(),
                r.getRequestedBy(),
                r.getReason(),
                r.getRequestedAt(),
                d != null && d.getUntil() != null ? d.getUntil() : r.getUntil(),
                d == null ? "PENDING" : d.getOutcome().name(),
                d == null ? null : d.getDecidedBy(),
                d == null ? null : d.getDecidedAt(),
                d == null ? null : d.getReason());
    }

    static Grant grant(AccessGranted g) {
        return new Grant(g.getTeam(), g.getGrantedBy(), g.getGrantedAt(), g.getUntil(), g.getRequestId());
    }
}
