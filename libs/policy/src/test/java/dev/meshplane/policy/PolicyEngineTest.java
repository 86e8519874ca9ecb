package dev.meshplane.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.fixtures.Fixtures;

class PolicyEngineTest {

    private static final Path POLICIES = Fixtures.path("policies/mesh-policies.yaml");
    private static final String SPARSE = Fixtures.read("descriptors/sparse-example.yaml");

    @TempDir
    Path dir;

    private final PolicyEngine engine = PolicyEngine.withPolicyFile(POLICIES);

    private static DataProduct parse(String name, String yaml) {
        ParsedDescriptor parsed = DescriptorParser.parse(name, yaml);
        assertThat(parsed.problems()).isEmpty();
        return parsed.product().orElseThrow();
    }

    @Test
    void theSparseExampleIsRejectedWithWhatIsMissing() throws IOException {
        DataProduct sparse = parse("sparse.yaml", SPARSE);

        List<Violation> violations = engine.evaluate(sparse, PolicyContext.offline());

        assertThat(violations)
                .filteredOn(Violation::blocking)
                .extracting(Violation::policyId, Violation::path)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("oncall-named", "metadata.oncall"),
                        org.assertj.core.groups.Tuple.tuple("version-semver", "metadata.version"),
                        org.assertj.core.groups.Tuple.tuple("schema-declared", "spec.schema.fields"));
        assertThat(violations)
                .filteredOn(v -> v.policyId().equals("oncall-named"))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("gets paged"));
    }

    @Test
    void theSparseExamplePassesOnceVersionOncallAndAnnotatedSchemaAreAdded() throws IOException {
        String fixed = SPARSE.replace("  owner: sales-data@company.com\n", """
                          owner: sales-data@company.com
                          oncall: jane.doe@company.com
                          version: 1.0.0
                        """).replace("spec:\n", """
                        spec:
                          schema:
                            fields:
                              - {name: order_id, type: string, pii: false}
                              - {name: customer_id, type: string, nullable: true, pii: false}
                              - {name: updated_at, type: timestamp, pii: false}
                        """);

        List<Violation> violations = engine.evaluate(parse("fixed.yaml", fixed), PolicyContext.offline());

        assertThat(PolicyEngine.blocks(violations)).as(violations.toString()).isFalse();
        assertThat(violations).extracting(Violation::policyId).containsExactly("description-present");
    }

    @Test
    void everyFieldWithoutAPiiAnnotationIsNamed() {
        DataProduct p = parse("p.yaml", base("""
                  schema:
                    fields:
                      - {name: id, type: string, pii: false}
                      - {name: b, type: string}
                      - {name: c, type: string}
                """));

        assertThat(engine.evaluate(p, PolicyContext.offline()))
                .filteredOn(v -> v.policyId().equals("pii-annotated"))
                .extracting(Violation::path)
                .containsExactly("spec.schema.fields[1].pii", "spec.schema.fields[2].pii");
    }

    @Test
    void literalSecretsAndPermissiveAccessAndBackwardsSlasAreErrors() {
        DataProduct p = parse("p.yaml", base("""
                  source: {type: postgres, connection: "jdbc:postgresql://app:hunter2@db/orders"}
                  freshness: {target: 1h, alert_after: 30m}
                  access: {default: allow}
                """));

        assertThat(engine.evaluate(p, PolicyContext.offline()))
                .extracting(Violation::policyId)
                .contains("no-literal-secrets", "freshness-sla-documented", "access-default-deny");
    }

    @Test
    void inputsMustBePublishedWhenTheCatalogIsKnown() {
        DataProduct p = parse("p.yaml", base("  inputs: [{product: customers/customer-profile}]\n"));

        assertThat(engine.evaluate(p, PolicyContext.offline()))
                .extracting(Violation::policyId)
                .doesNotContain("inputs-exist");
        assertThat(engine.evaluate(p, PolicyContext.withCatalog(Set.of("customers/other"))))
                .filteredOn(v -> v.policyId().equals("inputs-exist"))
                .singleElement()
                .satisfies(v -> assertThat(v.path()).isEqualTo("spec.inputs[0].product"));
        assertThat(engine.evaluate(p, PolicyContext.withCatalog(Set.of("customers/customer-profile"))))
                .extracting(Violation::policyId)
                .doesNotContain("inputs-exist");
    }

    @Test
    void aProductsOwnAlertWebhookLeavingThisMachineIsHttps() {
        DataProduct p = parse(
                "p.yaml",
                base("  alerts:\n"
                        + "    - webhook: {url: \"http://hooks.example.com/x\", secret: \"${HOOK}\"}\n"
                        + "    - webhook: {url: \"https://hooks.example.com/y\", secret: \"${HOOK}\"}\n"
                        + "    - webhook: {url: \"http://127.0.0.1:8095/hooks/z\", secret: \"${HOOK}\"}\n"));

        assertThat(engine.evaluate(p, PolicyContext.offline()))
                .filteredOn(v -> v.policyId().equals("alert-webhooks-https"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.path()).isEqualTo("spec.alerts[0].webhook.url");
                    assertThat(v.message())
                            .contains("use https", "http://hooks.example.com")
                            .doesNotContain("/x");
                });
    }

    @Test
    void theCompleteExamplesPass() {
        for (String example : List.of("sales/orders-daily-summary", "customers/customer-profile")) {
            DataProduct p = DescriptorParser.parse(Fixtures.path(Fixtures.examplePath(example)))
                    .product()
                    .orElseThrow();
            assertThat(engine.evaluate(p, PolicyContext.offline())).as(example).isEmpty();
        }
    }

    @Test
    void aProductWithoutQualityChecksIsToldToDeclareOneTheParserAccepts() {
        String checksLine = "    checks: [{type: null_rate, column: id, threshold: 0.01}]\n";
        DataProduct none = parse("p.yaml", base("").replace(checksLine, "    checks: []\n"));

        Violation missing = engine.evaluate(none, PolicyContext.offline()).stream()
                .filter(v -> v.policyId().equals("quality-checks-declared"))
                .findFirst()
                .orElseThrow();
        assertThat(missing.path()).isEqualTo("spec.quality.checks");
        String example = missing.message().substring(missing.message().indexOf("e.g. - ") + "e.g. - ".length());
        DataProduct fixed = parse("p.yaml", base("").replace(checksLine, "    checks: [" + example + "]\n"));
        assertThat(engine.evaluate(fixed, PolicyContext.offline()))
                .extracting(Violation::policyId)
                .doesNotContain("quality-checks-declared");
    }

    @Test
    void anOrganisationCelRuleBlocksAProduct() {
        DataProduct p = parse("p.yaml", base("").replace("owner: sales-data@company.com", "owner: someone@gmail.com"));

        assertThat(engine.evaluate(p, PolicyContext.offline()))
                .filteredOn(v -> v.policyId().equals("owner-is-a-team-address"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.blocking()).isTrue();
                    assertThat(v.path()).isEqualTo("metadata.owner");
                });
    }

    @Test
    void aDomainRuleAppliesOnlyToItsDomainAndADomainMayDropAWarning() {
        DataProduct sales = parse("p.yaml", base(""));
        DataProduct customers = parse("c.yaml", base("").replace("domain: sales", "domain: customers"));

        assertThat(engine.evaluate(sales, PolicyContext.offline()))
                .extracting(Violation::policyId)
                .contains("sales-products-track-volume", "description-present");
        assertThat(engine.evaluate(customers, PolicyContext.offline()))
                .extracting(Violation::policyId)
                .doesNotContain("sales-products-track-volume", "description-present");
    }

    @Test
    void aDescriptorWithoutADomainGetsTheOrganisationsPoliciesNotACrash() {
        ParsedDescriptor parsed = DescriptorParser.parse("p.yaml", base("").replace("  domain: sales\n", ""));
        assertThat(parsed.problems()).extracting(p -> p.path()).contains("metadata.domain");
        DataProduct noDomain = parsed.product().orElseThrow();

        assertThat(engine.evaluate(noDomain, PolicyContext.offline()))
                .extracting(Violation::policyId)
                .doesNotContain("sales-products-track-volume")
                .contains("description-present");
    }

    @Test
    void aRuleThatDoesNotCompileIsReportedWithItsId() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                kind: PolicySet
                organisation:
                  rules:
                    - {id: broken-rule, severity: error, expression: "product.metadata.name ==", message: m}
                    - {id: fine-rule, severity: error, expression: "true", message: m}
                """);

        assertThatThrownBy(() -> PolicyEngine.withPolicyFile(file))
                .isInstanceOf(PolicyFileException.class)
                .satisfies(e -> assertThat(((PolicyFileException) e).problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p).contains("broken-rule").contains("does not compile")));
    }

    @Test
    void aDomainCannotSwitchOffAnOrganisationError() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                kind: PolicySet
                domains:
                  sales:
                    disable: [owner-assigned, description-present]
                """);

        assertThatThrownBy(() -> PolicyEngine.withPolicyFile(file))
                .isInstanceOf(PolicyFileException.class)
                .satisfies(e -> assertThat(((PolicyFileException) e).problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p).contains("owner-assigned").contains("not switch off")));
    }

    @Test
    void aDomainNamesWhoElsePublishesItsProductsAndItsOwnTeamAlwaysDoes() {
        DomainPublishers sales = engine.publishers("sales"); // the repository's policy file
        assertThat(sales.teams()).containsExactly("sales");
        assertThat(sales.people()).containsExactly("pat.admin");
        assertThat(sales.admits("pat.admin", Set.of("platform"))).isTrue();
        assertThat(sales.admits("jane.doe", Set.of("sales"))).isTrue();
        assertThat(sales.admits("ana.analyst", Set.of("analytics"))).isFalse();
        assertThat(engine.publishers("customers")).isEqualTo(DomainPublishers.teamOf("customers"));
    }

    @Test
    void aTypoInADomainsBlockOrItsPublishersIsReported() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                kind: PolicySet
                domains:
                  sales:
                    publisher:
                      people: [pat.admin]
                  customers:
                    publishers:
                      people: [""]
                      groups: [platform]
                """);

        assertThatThrownBy(() -> PolicyEngine.withPolicyFile(file))
                .isInstanceOf(PolicyFileException.class)
                .satisfies(e -> assertThat(((PolicyFileException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("domains.sales.publisher: unknown"))
                        .anySatisfy(p -> assertThat(p).startsWith("domains.customers.publishers.groups: unknown"))
                        .anySatisfy(p -> assertThat(p).contains("is not a user name")));
    }

    @Test
    void describesTheActiveStandards() {
        assertThat(engine.describe())
                .extracting(PolicyEngine.PolicyInfo::id)
                .contains("owner-assigned", "pii-annotated", "owner-is-a-team-address", "sales-products-track-volume");
    }

    /** A product that meets every built-in policy, plus {@code extraSpec} lines under spec. */
    private static String base(String extraSpec) {
        String spec = """
                  schema:
                    fields:
                      - {name: id, type: string, pii: false}
                  quality:
                    checks: [{type: null_rate, column: id, threshold: 0.01}]
                  freshness: {target: 15m, alert_after: 30m}
                  access: {default: deny}
                """;
        for (String block : List.of("schema:", "freshness:", "access:", "source:")) {
            if (extraSpec.contains("  " + block)) {
                spec = spec.lines()
                        .filter(l -> !l.startsWith("  " + block))
                        .filter(l -> !(block.equals("schema:")
                                && (l.startsWith("    fields:") || l.startsWith("      - {name: id"))))
                        .reduce("", (a, l) -> a + l + "\n");
            }
        }
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata:
                  name: p
                  domain: sales
                  owner: sales-data@company.com
                  oncall: jane.doe@company.com
                  version: 1.0.0
                spec:
                """ + spec + extraSpec;
    }
}
