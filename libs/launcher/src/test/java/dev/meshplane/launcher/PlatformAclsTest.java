package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import dev.meshplane.topics.Topics;

class PlatformAclsTest {

    private static final Path ROOT =
            Path.of(System.getProperty("meshplane.root", "../..")).toAbsolutePath();

    private static final List<PlatformAcls.Grant> TABLE = PlatformAcls.table(PlatformAcls.SEEDED_PIPELINE_DOMAINS);

    @Test
    void theSecurityPageShowsExactlyTheTableTheLauncherApplies() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/security.md"));

        assertThat(page).contains(PlatformAcls.markdown(TABLE));
    }

    @Test
    void onlyGovernanceWritesProductsAndDecisionsAndReadsRequests() {
        for (String topic : List.of(Topics.PRODUCTS.name(), Topics.GOVERNANCE_DECISIONS.name())) {
            assertThat(principalsAllowed(topic, AclOperation.WRITE)).containsExactly(PlatformAcls.GOVERNANCE);
        }
        assertThat(principalsAllowed(Topics.PUBLICATIONS_REQUESTED.name(), AclOperation.READ))
                .containsExactly(PlatformAcls.GOVERNANCE);
    }

    @Test
    void onlyGovernanceManagesAclsAndNobodyGetsAnotherDomainsTopics() {
        List<AclBinding> bindings = PlatformAcls.bindings(TABLE);
        assertThat(bindings)
                .filteredOn(b -> b.pattern().resourceType() == ResourceType.CLUSTER)
                .allMatch(b -> b.entry().principal().equals(PlatformAcls.GOVERNANCE))
                .extracting(b -> b.entry().operation())
                .containsExactlyInAnyOrder(AclOperation.ALTER, AclOperation.DESCRIBE);
        assertThat(bindings).noneMatch(b -> b.entry().principal().startsWith("Team:"));
        assertThat(bindings)
                .filteredOn(b -> b.entry().principal().equals(BrokerSecurity.servicePrincipal("pipeline-sales")))
                .filteredOn(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .allMatch(b -> b.pattern().name().startsWith("sales.")
                        || b.pattern().name().startsWith("mesh."));
        // only governance creates topics outside its own prefix (the Streams services only under their application
        // id), and sees every topic's offsets and every group's (its observed readers); it reads no one's records
        assertThat(bindings)
                .filteredOn(b -> b.pattern().name().equals("*"))
                .allMatch(b -> b.entry().principal().equals(PlatformAcls.GOVERNANCE)
                        && b.pattern().patternType() == PatternType.LITERAL)
                .extracting(b -> b.pattern().resourceType() + " " + b.entry().operation())
                .containsExactlyInAnyOrder("TOPIC CREATE", "TOPIC DESCRIBE", "GROUP DESCRIBE");
    }

    private static List<String> principalsAllowed(String topic, AclOperation operation) {
        return PlatformAcls.bindings(TABLE).stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .filter(b -> b.pattern().name().equals(topic) && b.pattern().patternType() == PatternType.LITERAL)
                .filter(b -> b.entry().operation() == operation)
                .map(b -> b.entry().principal())
                .distinct()
                .toList();
    }
}
