package dev.meshplane.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.fixtures.Fixtures;

/** The access rules of the repository's policy file, and how a policy file's access rules are read. */
class AccessRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final PolicyEngine engine = PolicyEngine.withPolicyFile(Fixtures.path("policies/mesh-policies.yaml"));

    private static AccessQuestion ask(String productId, List<String> pii, String team, String reason, Instant until) {
        String domain = productId.substring(0, productId.indexOf('/'));
        return new AccessQuestion(
                productId,
                domain,
                "x@company.com",
                "1.0.0",
                List.of(),
                pii,
                team,
                "ana.analyst",
                List.of(team),
                reason,
                until,
                NOW);
    }

    @Test
    void aProductWithoutPiiIsLeftToItsOwners() {
        assertThat(engine.decideAccess(ask("customers/segments", List.of(), "analytics", null, null)))
                .isEqualTo(new AccessVerdict.ForOwners());
    }

    @Test
    void aPiiProductNeedsAReasonAndAnEndDateWithinNinetyDays() {
        List<String> pii = List.of("customer_email");
        AccessVerdict noReason =
                engine.decideAccess(ask("sales/orders", pii, "analytics", "", NOW.plus(Duration.ofDays(30))));
        AccessVerdict noEnd = engine.decideAccess(ask("sales/orders", pii, "analytics", "monthly report", null));
        AccessVerdict tooLong = engine.decideAccess(
                ask("sales/orders", pii, "analytics", "monthly report", NOW.plus(Duration.ofDays(91))));
        AccessVerdict fine = engine.decideAccess(
                ask("sales/orders", pii, "analytics", "monthly report", NOW.plus(Duration.ofDays(90))));

        for (AccessVerdict refused : List.of(noReason, noEnd, tooLong)) {
            assertThat(refused).isInstanceOfSatisfying(AccessVerdict.Refused.class, r -> {
                assertThat(r.rule()).isEqualTo("pii-access-has-reason-and-end-date");
                assertThat(r.message()).contains("--reason").contains("--until");
            });
        }
        assertThat(fine).isEqualTo(new AccessVerdict.ForOwners());
    }

    @Test
    void salesTeamsReadSalesProductsWithoutAnOwnerAndOnlyThere() {
        assertThat(engine.decideAccess(ask("sales/orders", List.of(), "sales", null, null)))
                .isEqualTo(new AccessVerdict.Approved("sales-reads-sales"));
        assertThat(engine.decideAccess(ask("customers/segments", List.of(), "customers", null, null)))
                .as("the rule is the sales domain's")
                .isEqualTo(new AccessVerdict.ForOwners());
    }

    @Test
    void aRefusalComesBeforeAnApproval() {
        AccessVerdict verdict =
                engine.decideAccess(ask("sales/orders", List.of("customer_email"), "sales", null, null));
        assertThat(verdict).isInstanceOf(AccessVerdict.Refused.class);
    }

    @Test
    void aRefusingRuleThatCannotBeEvaluatedRefusesAndSaysWhy(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                apiVersion: mesh/v1
                kind: PolicySet
                organisation:
                  access:
                    - {id: needs-ticket, when: "request.ticket == ''", then: refuse, message: "give a ticket"}
                    - {id: broken-approval, when: "request.ticket == 'x'", then: approve}
                """);
        AccessVerdict verdict =
                PolicyEngine.withPolicyFile(file).decideAccess(ask("sales/orders", List.of(), "analytics", null, null));
        assertThat(verdict).isInstanceOfSatisfying(AccessVerdict.Refused.class, r -> {
            assertThat(r.rule()).isEqualTo("needs-ticket");
            assertThat(r.message()).startsWith("give a ticket (could not evaluate");
        });
    }

    @Test
    void aBadAccessRuleIsNamedAndTheFileRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                apiVersion: mesh/v1
                kind: PolicySet
                organisation:
                  access:
                    - {id: a, when: "request.team ==", then: approve}
                    - {id: b, when: "true", then: allow}
                    - {id: c, when: "true", then: refuse}
                    - {id: c, when: "true", then: approve, colour: red}
                domains:
                  sales:
                    access:
                      - {when: "true", then: approve}
                """);
        assertThatThrownBy(() -> PolicyEngine.withPolicyFile(file))
                .isInstanceOfSatisfying(
                        PolicyFileException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p ->
                                        assertThat(p).startsWith("organisation.access[0]: rule 'a' does not compile"))
                                .anySatisfy(p -> assertThat(p)
                                        .isEqualTo(
                                                "organisation.access[1].then: 'allow' is neither approve nor refuse"))
                                .anySatisfy(p ->
                                        assertThat(p).startsWith("organisation.access[2]: a refusing rule needs a"))
                                .anySatisfy(p -> assertThat(p).startsWith("organisation.access[3].colour: unknown"))
                                .anySatisfy(p -> assertThat(p)
                                        .isEqualTo("domains.sales.access[0]: an access rule needs id, when and then"
                                                + " (approve or refuse)")));
    }
}
