package dev.meshplane.governance.access;

import java.time.Instant;

import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRevoked;

/**
 * The grant and revocation events, one way for every writer: a version's decision (its allow list) and the access
 * desk (approvals, revocations, end dates). Both go with their key {@link AccessKeys#of}; a revocation also goes with
 * a tombstone of the grant under that key.
 */
public final class AccessEvents {

    private AccessEvents() {}

    /** @param until when the grant ends by itself, or null */
    public static AccessGranted granted(
            String productId, String team, String requestId, String grantedBy, Instant at, Instant until) {
        return AccessGranted.newBuilder()
                .setProductId(productId)
                .setTeam(team)
                .setRequestId(requestId)
                .setGrantedBy(grantedBy)
                .setGrantedAt(at)
                .setUntil(until)
                .build();
    }

    public static AccessRevoked revoked(String productId, String team, String revokedBy, String reason, Instant at) {
        return AccessRevoked.newBuilder()
                .setProductId(productId)
                .setTeam(team)
                .setRevokedBy(revokedBy)
                .setReason(reason)
                .setRevokedAt(at)
                .build();
    }
}
