package dev.meshplane.governance.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
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

    public static boolean managed(AclBinding binding) {
        return binding.entry().principal().startsWith(TEAM);
    }

    private static AclBinding read(String principal, ResourceType type, String prefix) {
        return new AclBinding(
                new ResourcePattern(type, prefix, PatternType.PREFIXED),
                new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW));
    }
}
