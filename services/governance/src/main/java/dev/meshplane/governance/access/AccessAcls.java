package dev.meshplane.governance.access;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import dev.meshplane.descriptor.ProductId;
import dev.meshplane.events.v1.AccessGranted;

/**
 * The broker ACLs that grants come to: a granted team ({@code Team:<name>}, matched by the broker against the teams
 * in a client's token) reads every major version of the product's output topic ({@code <domain>.<name>.v} prefix) and
 * uses consumer groups under its own prefix ({@code <team>.}). Nothing else: the product's pipeline writes through its
 * domain's own ACL, and nobody else gets anything.
 */
public final class AccessAcls {

    /** The principal type of every ACL governance manages; ACLs of this type it did not grant it removes. */
    public static final String TEAM = "Team:";

    private AccessAcls() {}

    public static Set<AclBinding> of(Collection<AccessGranted> grants) {
        Set<AclBinding> out = new LinkedHashSet<>();
        for (AccessGranted grant : grants) {
            ProductId id = ProductId.parse(grant.getProductId());
            String team = TEAM + grant.getTeam();
            out.add(read(team, ResourceType.TOPIC, id.domain() + "." + id.name() + ".v"));
            out.add(read(team, ResourceType.GROUP, grant.getTeam() + "."));
        }
        return out;
    }

    /**
     * ACLs per create or delete call. A KRaft controller refuses one operation of more than 10,000 records
     * ({@code PolicyViolationException: Unable to perform excessively large batch operation}): the reconciliation
     * benchmark for 10,000 products with three teams each (30,003 ACLs) met it.
     */
    static final int BATCH = 5_000;

    /** What one reconciliation changed: the ACLs it created, and how many it deleted. */
    public record Changes(List<AclBinding> created, int deleted) {}

    /**
     * Makes the broker's {@code Team:} ACLs what {@code grants} come to: lists them, creates what is missing and
     * deletes what no grant backs. The same code for the governance service and the reconciliation benchmark.
     */
    public static Changes reconcile(Admin admin, Collection<AccessGranted> grants, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<AclBinding> desired = of(grants);
        Set<AclBinding> actual = new HashSet<>();
        admin.describeAcls(AclBindingFilter.ANY).values().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(AccessAcls::managed)
                .forEach(actual::add);
        List<AclBinding> missing =
                desired.stream().filter(b -> !actual.contains(b)).toList();
        List<AclBindingFilter> extra = actual.stream()
                .filter(b -> !desired.contains(b))
                .map(AclBinding::toFilter)
                .toList();
        for (int i = 0; i < missing.size(); i += BATCH) {
            admin.createAcls(missing.subList(i, Math.min(missing.size(), i + BATCH)))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < extra.size(); i += BATCH) {
            admin.deleteAcls(extra.subList(i, Math.min(extra.size(), i + BATCH)))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new Changes(missing, extra.size());
    }

    public static boolean managed(AclBinding binding) {
        return binding.entry().principal().startsWith(TEAM);
    }

    private static AclBinding read(String principal, ResourceType type, String prefix) {
        return new AclBinding(
                new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW));
    }
}
