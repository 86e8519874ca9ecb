package dev.meshplane.governance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.policy.Violation;

/** The decision logic without Kafka: fakes stand in for the registry and the broker. */
class PublicationDeciderTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final List<String> createdTopics = new ArrayList<>();
    private final PublicationDecider decider = new PublicationDecider(
            PolicyEngine.builtInOnly(),
            registry,
            (name, partitions, retention) -> createdTopics.add(name + "/" + partitions + "/" + retention),
            3);

    private static DataProduct example() throws IOException {
        String yaml = Fixtures.example("sales/orders-daily-summary");
        return DescriptorParser.parse("x.yaml", yaml).product().orElseThrow();
    }

    @Test
    void anAcceptedProductIsRegisteredAndGetsItsTopic() throws IOException {
        Decision d = decider.decide(example(), Map.of("customers/customer-profile", "1.0.0"));

        assertThat(d.accepted()).isTrue();
        assertThat(d.outputTopic()).isEqualTo("sales.orders-daily-summary.v1");
        assertThat(registry.registered).containsKey("sales.orders-daily-summary.v1-value");
        assertThat(createdTopics).containsExactly("sales.orders-daily-summary.v1/3/" + 30L * 24 * 3600 * 1000);
    }

    @Test
    void aMemberOfTheOwningTeamPublishes() throws IOException {
        Decision d = decider.decide(
                example(),
                Map.of("customers/customer-profile", "1.0.0"),
                new Publisher.Verified("sara.owner", Set.of("sales")));

        assertThat(d.accepted()).isTrue();
        assertThat(d.violations()).extracting(Violation::policyId).doesNotContain(Publisher.IN_OWNING_TEAM);
    }

    @Test
    void anotherTeamIsRefusedWithEveryViolationAndNothingIsProvisioned() throws IOException {
        DataProduct unversioned = example();
        Decision d = decider.decide(
                unversioned, Map.of(), new Publisher.Verified("ana.analyst", Set.of("analytics", "ml-platform")));

        assertThat(d.accepted()).isFalse();
        Violation refused = d.violations().stream()
                .filter(v -> v.policyId().equals(Publisher.IN_OWNING_TEAM))
                .findFirst()
                .orElseThrow();
        assertThat(refused.path()).isEqualTo("metadata.domain");
        assertThat(refused.message())
                .contains("ana.analyst is in team(s) analytics, ml-platform")
                .contains("published by team(s) sales only");
        assertThat(d.violations()).as("the input is not published: also said").hasSizeGreaterThan(1);
        assertThat(registry.registered).isEmpty();
        assertThat(createdTopics).isEmpty();
    }

    @Test
    void theDomainsPolicyAdmitsThePeopleItNames(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policies.yaml");
        Files.writeString(file, """
                apiVersion: mesh/v1
                kind: PolicySet
                domains:
                  sales:
                    publishers:
                      teams: [platform]
                      people: [max.ml]
                """);
        PublicationDecider withPolicy = new PublicationDecider(
                PolicyEngine.withPolicyFile(file), registry, (name, partitions, retention) -> {}, 3);
        Map<String, String> inputs = Map.of("customers/customer-profile", "1.0.0");

        assertThat(withPolicy
                        .decide(example(), inputs, new Publisher.Verified("max.ml", Set.of("ml-platform")))
                        .accepted())
                .isTrue();
        assertThat(withPolicy
                        .decide(example(), inputs, new Publisher.Verified("pat.admin", Set.of("platform")))
                        .accepted())
                .isTrue();
        Decision ana = withPolicy.decide(example(), inputs, new Publisher.Verified("ana.analyst", Set.of("analytics")));
        assertThat(ana.accepted()).isFalse();
        assertThat(ana.violations())
                .filteredOn(v -> v.policyId().equals(Publisher.IN_OWNING_TEAM))
                .singleElement()
                .satisfies(
                        v -> assertThat(v.message()).contains("published by team(s) platform, sales and max.ml only"));
    }

    @Test
    void anOwnerChangeIsRefusedUnlessTheRequestNamesTheCurrentOwner() throws IOException {
        DataProduct product = example(); // owner sales-data@company.com
        Map<String, String> versions =
                Map.of("customers/customer-profile", "1.0.0", "sales/orders-daily-summary", "1.0.0");
        Publisher sara = new Publisher.Verified("sara.owner", Set.of("sales"));
        Map<String, String> wasOther = Map.of("sales/orders-daily-summary", "revenue@company.com");

        Decision silent = decider.decide(product, versions, wasOther, sara, null);
        assertThat(silent.accepted()).isFalse();
        assertThat(silent.violations())
                .filteredOn(v -> v.policyId().equals(PublicationDecider.OWNER_CHANGE))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.path()).isEqualTo("metadata.owner");
                    assertThat(v.message())
                            .contains("from revenue@company.com to sales-data@company.com")
                            .contains("--change-owner-from revenue@company.com");
                });
        assertThat(registry.registered).as("nothing registered for a refusal").isEmpty();

        Decision wrongFrom = decider.decide(product, versions, wasOther, sara, "someone@company.com");
        assertThat(wrongFrom.violations()).extracting(Violation::policyId).contains(PublicationDecider.OWNER_CHANGE);

        assertThat(decider.decide(product, versions, wasOther, sara, "revenue@company.com")
                        .accepted())
                .as("declared, naming the current owner")
                .isTrue();
        assertThat(decider.decide(
                                product,
                                versions,
                                Map.of("sales/orders-daily-summary", "sales-data@company.com"),
                                sara,
                                null)
                        .accepted())
                .as("owner unchanged")
                .isTrue();
    }

    @Test
    void anUnverifiedPublisherIsRefusedWithTheReason() throws IOException {
        Decision d = decider.decide(
                example(),
                Map.of("customers/customer-profile", "1.0.0"),
                new Publisher.Unverified("the request carries no credential"));

        assertThat(d.accepted()).isFalse();
        assertThat(d.violations())
                .extracting(Violation::policyId, Violation::message)
                .contains(org.assertj.core.groups.Tuple.tuple(Publisher.VERIFIED, "the request carries no credential"));
        assertThat(createdTopics).isEmpty();
    }

    @Test
    void aRequestThatSkippedTheParserIsHeldToItsStructureRules() throws IOException {
        DataProduct valid = example();
        DataProduct.Spec spec = valid.spec();
        List<DataProduct.QualityCheck> malformed = List.of(
                new DataProduct.QualityCheck(CheckType.NULL_RATE, "customer_id", 5.0, null, null, null),
                new DataProduct.QualityCheck(CheckType.VALUE_RANGE, null, null, null, 0L, 10L));
        DataProduct product = new DataProduct(
                valid.apiVersion(),
                valid.kind(),
                valid.metadata(),
                new DataProduct.Spec(
                        spec.source(),
                        spec.fields(),
                        spec.output(),
                        malformed,
                        spec.freshness(),
                        spec.access(),
                        spec.inputs(),
                        spec.alerts()));

        Decision d = decider.decide(product, Map.of("customers/customer-profile", "1.0.0"));

        assertThat(d.accepted()).isFalse();
        assertThat(d.violations())
                .filteredOn(v -> v.policyId().equals(PublicationDecider.WELL_FORMED))
                .extracting(Violation::path)
                .containsExactlyInAnyOrder("spec.quality.checks[0].threshold", "spec.quality.checks[1].column");
        assertThat(registry.registered).isEmpty();
        assertThat(createdTopics).isEmpty();
    }

    @Test
    void aRejectedProductProvisionsNothing() throws IOException {
        Decision d = decider.decide(example(), Map.of()); // its input is not published

        assertThat(d.accepted()).isFalse();
        assertThat(d.violations()).extracting(Violation::policyId).containsExactly("inputs-exist");
        assertThat(registry.registered).isEmpty();
        assertThat(createdTopics).isEmpty();
    }

    @Test
    void anIncompatibleSchemaIsRejectedWithTheWayOut() throws IOException {
        registry.incompatible = Optional.of("field amount changed type");

        Decision d = decider.decide(example(), Map.of("customers/customer-profile", "1.0.0"));

        assertThat(d.accepted()).isFalse();
        assertThat(d.violations()).singleElement().satisfies(v -> {
            assertThat(v.policyId()).isEqualTo("schema-compatible");
            assertThat(v.message()).contains("field amount changed type", "2.0.0", "sales.orders-daily-summary.v2");
        });
        assertThat(createdTopics).isEmpty();
    }

    @Test
    void aVersionOlderThanThePublishedOneIsRejected() throws IOException {
        Decision d = decider.decide(
                example(), Map.of("customers/customer-profile", "1.0.0", "sales/orders-daily-summary", "1.10.0"));

        assertThat(d.accepted()).isFalse();
        assertThat(d.violations()).extracting(Violation::policyId).containsExactly("version-increases");
    }

    private static final class FakeRegistry implements SchemaRegistry {
        Optional<String> incompatible = Optional.empty();
        final Map<String, String> registered = new HashMap<>();

        @Override
        public Optional<String> incompatibility(String artifactId, String schema) {
            return incompatible;
        }

        @Override
        public long register(String artifactId, String schema) {
            registered.put(artifactId, schema);
            return registered.size();
        }
    }
}
