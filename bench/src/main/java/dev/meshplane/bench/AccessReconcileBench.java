package dev.meshplane.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;

import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.governance.access.AccessAcls;

/**
 * Governance's ACL reconciliation ({@link AccessAcls#reconcile}, the code the service runs) for PRODUCTS products
 * with three teams each, against the running local platform's broker as its operator. Governance must be stopped
 * (bench/run-access-reconcile.sh does it): its own reconciliation would fight this one. Prints the time of: the first
 * reconciliation (every ACL created), one with nothing to do, one after a tenth of the products dropped a team and
 * 100 ACLs were deleted by hand, and the last, which removes them all.
 *
 * <pre>java ... AccessReconcileBench PRODUCTS</pre>
 */
public final class AccessReconcileBench {

    private static final List<String> TEAMS = List.of("bench-a", "bench-b", "bench-c");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private AccessReconcileBench() {}

    public static void main(String[] args) throws Exception {
        int products = Integer.parseInt(args[0]);
        List<AccessGranted> grants = new ArrayList<>();
        for (int p = 0; p < products; p++) {
            for (String team : TEAMS) {
                grants.add(grant("bench/product-" + p, team));
            }
        }
        try (Admin admin = Admin.create(BenchKafka.operator(BenchKafka.OPERATOR_BOOTSTRAP))) {
            time(admin, grants, products + " products x 3 teams, from none");
            time(admin, grants, "again, nothing to change");
            List<AccessGranted> fewer = new ArrayList<>();
            for (int i = 0; i < grants.size(); i++) {
                boolean dropped = i % 3 == 2 && (i / 3) % 10 == 0; // bench-c leaves every tenth product
                if (!dropped) {
                    fewer.add(grants.get(i));
                }
            }
            var byHand = AccessAcls.of(grants.subList(0, 100)).stream()
                    .filter(b -> b.pattern().name().startsWith("bench."))
                    .map(b -> b.toFilter())
                    .toList();
            admin.deleteAcls(byHand).all().get();
            time(admin, fewer, "a tenth of the products drop a team, " + byHand.size() + " ACLs deleted by hand");
            time(admin, List.of(), "all removed (clean-up)");
        }
    }

    private static void time(Admin admin, List<AccessGranted> grants, String what) throws Exception {
        long t0 = System.nanoTime();
        AccessAcls.Changes changes = AccessAcls.reconcile(admin, grants, TIMEOUT);
        System.out.printf(
                "%-70s %8.2f s  (%d grants: %d ACLs created, %d deleted)%n",
                what,
                (System.nanoTime() - t0) / 1e9,
                grants.size(),
                changes.created().size(),
                changes.deleted());
    }

    private static AccessGranted grant(String productId, String team) {
        return AccessGranted.newBuilder()
                .setProductId(productId)
                .setTeam(team)
                .setGrantedBy("bench")
                .setGrantedAt(Instant.now())
                .build();
    }
}
