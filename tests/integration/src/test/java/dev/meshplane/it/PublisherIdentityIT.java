package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.TestPlatform;

/**
 * Only the owning team publishes, on the real broker, registry and identity provider: governance verifies the access
 * token that travels with each request against the provider's keys. A team member and the domain's pipeline are
 * accepted and recorded as the publisher; another team, no token, a forged token, a token of another issuer, one for
 * another audience, one without a team and an expired one are rejected with the rule that refused them.
 */
class PublisherIdentityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestPlatform platform;
    private static IdentityProvider identity;

    @BeforeAll
    static void start() {
        platform = TestPlatform.startSecured(); // the broker authenticates too; the test's requests go as the operator
        identity = platform.startIdentity();
        platform.startGovernance(); // with the provider: identity required, its issuer
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aTeamMemberPublishesAndTheDecisionNamesThem() {
        PolicyDecided decision =
                platform.publish(salesProduct(), identity.token("sara.owner", IdentityProvider.LOCAL_PASSWORD));

        assertThat(decision.getOutcome()).as(decision.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(decision.getPublisher()).isEqualTo("sara.owner");
    }

    @Test
    void theDomainsPipelinePublishes() {
        PolicyDecided decision =
                platform.publish(salesProduct(), identity.clientToken("pipeline-sales", "pipeline-sales-local-secret"));

        assertThat(decision.getOutcome()).as(decision.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(decision.getPublisher()).isEqualTo("service-account-pipeline-sales");
    }

    @Test
    void anotherTeamCannotPublishIntoTheDomain() {
        PolicyDecided decision =
                platform.publish(salesProduct(), identity.token("ana.analyst", IdentityProvider.LOCAL_PASSWORD));

        assertRejected(decision, "publisher-in-owning-team", "ana.analyst is in team(s) analytics");
        assertThat(decision.getOutputTopic()).as("nothing provisioned").isNull();
        assertThat(decision.getPublisher()).as("verified, though refused").isEqualTo("ana.analyst");
    }

    @Test
    void aRequestWithoutATokenIsRejected() {
        assertRejected(platform.publish(salesProduct(), null), "publisher-verified", "carries no credential");
    }

    @Test
    void aForgedTokenIsRejected() throws Exception {
        // Ana's real token with her teams rewritten to sales: the signature no longer matches.
        String[] parts =
                identity.token("ana.analyst", IdentityProvider.LOCAL_PASSWORD).split("\\.");
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.putArray("groups").add("sales");
        String forged =
                parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims))
                        + "." + parts[2];

        assertRejected(platform.publish(salesProduct(), forged), "publisher-verified", "the credential was refused");
    }

    @Test
    void aTokenOfAnotherIssuerIsRejected() {
        // The master realm of the same Keycloak: other keys, other issuer.
        assertRejected(
                platform.publish(salesProduct(), identity.adminToken()),
                "publisher-verified",
                "the credential was refused");
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() {
        String client = identity.createClient("no-audience-" + shortId(), true, false, 300);

        assertRejected(
                platform.publish(salesProduct(), identity.token(client, "sara.owner", IdentityProvider.LOCAL_PASSWORD)),
                "publisher-verified",
                "audience 'meshplane' missing");
    }

    @Test
    void aTokenWithoutATeamIsRejected() {
        String client = identity.createClient("no-groups-" + shortId(), false, true, 300);

        assertRejected(
                platform.publish(salesProduct(), identity.token(client, "sara.owner", IdentityProvider.LOCAL_PASSWORD)),
                "publisher-verified",
                "carries no team");
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        String client = identity.createClient("short-lived-" + shortId(), true, true, 1);
        String token = identity.token(client, "sara.owner", IdentityProvider.LOCAL_PASSWORD);
        // Until the token's own expiry (its exp claim, whole seconds) has passed, with a second to spare.
        Instant expiry =
                Instant.ofEpochSecond(JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
                        .get("exp")
                        .asLong());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));

        assertRejected(platform.publish(salesProduct(), token), "publisher-verified", "it has expired");
    }

    /** The repository's policy file adds pat.admin (team platform) to the sales domain's publishers. */
    @Test
    void thePeopleTheDomainsPolicyNamesPublishToo() {
        PolicyDecided decision =
                platform.publish(salesProduct(), identity.token("pat.admin", IdentityProvider.LOCAL_PASSWORD));

        assertThat(decision.getOutcome()).as(decision.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        assertThat(decision.getPublisher()).isEqualTo("pat.admin");
    }

    /**
     * A product's owner changes only when the request says so and names the current owner: the same team's silent
     * change is refused, the declared one accepted and recorded in the catalog's view of the product.
     */
    @Test
    void anOwnerChangeIsAnExplicitActOfTheOwningTeam() {
        String token = identity.token("sara.owner", IdentityProvider.LOCAL_PASSWORD);
        String v1 = salesProduct();
        assertThat(publish(v1, token, null).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
        String newOwner = v1.replace("owner: sales-data@company.com", "owner: revenue-data@company.com")
                .replace("version: 1.2.0", "version: 1.3.0");

        assertRejected(
                publish(newOwner, token, null),
                "owner-change-explicit",
                "from sales-data@company.com to revenue-data@company.com");
        assertRejected(
                publish(newOwner, token, "someone@company.com"),
                "owner-change-explicit",
                "does not name the current owner, sales-data@company.com");
        PolicyDecided declared = publish(newOwner, token, "sales-data@company.com");
        assertThat(declared.getOutcome()).as(declared.toString()).isEqualTo(DecisionOutcome.ACCEPTED);
        // and from now on the new owner is the current one
        assertRejected(
                publish(
                        newOwner.replace("version: 1.3.0", "version: 1.4.0").replace("revenue-data@", "sales-data@"),
                        token,
                        null),
                "owner-change-explicit",
                "from revenue-data@company.com to sales-data@company.com");
    }

    private static PolicyDecided publish(String yaml, String token, String ownerChangeFrom) {
        DataProduct product =
                DescriptorParser.parse("test.yaml", yaml).product().orElseThrow();
        try (PublicationClient client =
                new PublicationClient(platform.harnessBootstrap(), platform.registryUrl(), platform.harnessAuth())) {
            PublicationRequested request = PublicationClient.request(product, "test", "test.yaml");
            request.setOwnerChangeFrom(ownerChangeFrom);
            return client.publish(request, token, Duration.ofSeconds(30)).orElseThrow();
        }
    }

    private static void assertRejected(PolicyDecided decision, String policy, String message) {
        assertThat(decision.getOutcome()).as(decision.toString()).isEqualTo(DecisionOutcome.REJECTED);
        List<PolicyViolation> refusals = decision.getViolations().stream()
                .filter(v -> v.getPolicyId().equals(policy))
                .toList();
        assertThat(refusals).as(decision.getViolations().toString()).hasSize(1);
        assertThat(refusals.get(0).getMessage()).contains(message);
        assertThat(refusals.get(0).getMessage()).as("no token in a message").doesNotContain("eyJ");
    }

    /** The sales example under a new name, without its input (so policies pass on their own). */
    private static String salesProduct() {
        return Fixtures.example("sales/orders-daily-summary")
                .replace("name: orders-daily-summary", "name: orders-" + shortId())
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
