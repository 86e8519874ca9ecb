package dev.meshplane.governance.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.AccessGranted;

class AccessAclsTest {

    private static AccessGranted grant(String product, String team) {
        return AccessGranted.newBuilder()
                .setProductId(product)
                .setTeam(team)
                .setGrantedBy("descriptor 1.2.0 (sara.owner)")
                .setGrantedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void aGrantIsReadOnEveryMajorVersionAndOnTheTeamsOwnGroups() {
        var acls = AccessAcls.of(List.of(grant("sales/orders-daily-summary", "analytics")));

        assertThat(acls).hasSize(2).allMatch(AccessAcls::managed).allSatisfy(b -> {
            assertThat(b.entry().principal()).isEqualTo("Team:analytics");
            assertThat(b.entry().operation()).isEqualTo(AclOperation.READ);
            assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
        });
        assertThat(acls)
                .extracting(b -> b.pattern().resourceType() + " " + b.pattern().name())
                .containsExactlyInAnyOrder("TOPIC sales.orders-daily-summary.v", "GROUP analytics.");
    }

    @Test
    void aTeamWithTwoGrantsHasOneGroupAclAndNoGrantsNoAcls() {
        var acls = AccessAcls.of(List.of(
                grant("sales/orders-daily-summary", "analytics"), grant("customers/customer-profile", "analytics")));

        assertThat(acls).hasSize(3);
        assertThat(acls)
                .filteredOn(b -> b.pattern().resourceType() == ResourceType.GROUP)
                .hasSize(1);
        assertThat(AccessAcls.of(List.of())).isEmpty();
    }

    @Test
    void onlyTeamAclsAreGovernancesToManage() {
        AclBinding team =
                AccessAcls.of(List.of(grant("sales/x", "analytics"))).iterator().next();
        AclBinding user = new AclBinding(
                team.pattern(),
                new org.apache.kafka.common.acl.AccessControlEntry(
                        "User:service-account-svc-catalog",
                        "*",
                        AclOperation.READ,
                        org.apache.kafka.common.acl.AclPermissionType.ALLOW));

        assertThat(AccessAcls.managed(team)).isTrue();
        assertThat(AccessAcls.managed(user)).isFalse();
    }
}
