package dev.meshplane.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamAwareAuthorizerTest {

    private static final ResourcePattern ORDERS =
            new ResourcePattern(ResourceType.TOPIC, "sales.orders-daily-summary.v1", PatternType.LITERAL);

    private final TeamAwareAuthorizer authorizer = new TeamAwareAuthorizer();

    @BeforeEach
    void analyticsMayReadTheOrders() {
        authorizer.configure(Map.of());
        authorizer.withPluginMetrics(new PluginMetricsImpl(new Metrics(), Map.of())); // as the broker hands it
        authorizer.addAcl(
                Uuid.randomUuid(),
                StandardAcl.fromAclBinding(new AclBinding(
                        new ResourcePattern(ResourceType.TOPIC, "sales.orders-daily-summary.v", PatternType.PREFIXED),
                        new AccessControlEntry("Team:analytics", "*", AclOperation.READ, AclPermissionType.ALLOW))));
        authorizer.addAcl(
                Uuid.randomUuid(),
                StandardAcl.fromAclBinding(new AclBinding(
                        ORDERS,
                        new AccessControlEntry("User:sara.owner", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));
        authorizer.completeInitialLoad();
    }

    @Test
    void aMemberOfAnAllowedTeamIsAllowedWhatTheTeamIs() {
        assertThat(authorize(new TeamPrincipal("ana.analyst", Set.of("analytics")), AclOperation.READ))
                .isEqualTo(AuthorizationResult.ALLOWED);
    }

    @Test
    void aMemberOfNoAllowedTeamIsDenied() {
        assertThat(authorize(new TeamPrincipal("max.ml", Set.of("ml-platform")), AclOperation.READ))
                .isEqualTo(AuthorizationResult.DENIED);
        assertThat(authorize(new TeamPrincipal("ana.analyst", Set.of("analytics")), AclOperation.WRITE))
                .as("the team may read, not write")
                .isEqualTo(AuthorizationResult.DENIED);
    }

    @Test
    void aUsersOwnAclsStillCountAndAPlainPrincipalGetsNoTeams() {
        assertThat(authorize(new TeamPrincipal("sara.owner", Set.of()), AclOperation.WRITE))
                .isEqualTo(AuthorizationResult.ALLOWED);
        assertThat(authorize(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "analytics"), AclOperation.READ))
                .as("a user named like a team is not the team")
                .isEqualTo(AuthorizationResult.DENIED);
    }

    @Test
    void theTeamsComeFromTheTokensGroupsClaim() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"preferred_username\":\"ana.analyst\",\"groups\":[\"analytics\",\"/ml-platform\",\"\",7]}";
        String jwt = b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";

        assertThat(TokenTeams.of(jwt, "groups")).containsExactly("analytics", "ml-platform");
        assertThat(TokenTeams.of(jwt, "teams")).isEmpty();
        assertThat(TokenTeams.of("not a jwt", "groups")).isEmpty();
    }

    private AuthorizationResult authorize(KafkaPrincipal principal, AclOperation operation) {
        return authorizer
                .authorize(new Request(principal), List.of(new Action(operation, ORDERS, 1, true, true)))
                .get(0);
    }

    private record Request(KafkaPrincipal principal) implements AuthorizableRequestContext {
        @Override
        public String listenerName() {
            return "EXTERNAL";
        }

        @Override
        public SecurityProtocol securityProtocol() {
            return SecurityProtocol.SASL_PLAINTEXT;
        }

        @Override
        public InetAddress clientAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int requestType() {
            return 1;
        }

        @Override
        public int requestVersion() {
            return 0;
        }

        @Override
        public String clientId() {
            return "test";
        }

        @Override
        public int correlationId() {
            return 1;
        }
    }
}
