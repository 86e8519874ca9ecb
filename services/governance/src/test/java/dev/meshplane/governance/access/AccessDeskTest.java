package dev.meshplane.governance.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRevoked;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.governance.messaging.PublishedProducts;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.topics.Topics;

/**
 * The access workflow without a broker: the ledger is fed by what the desk writes. The repository's policy file
 * applies: orders-daily-summary has a PII field, so a request needs a reason and an end date within 90 days. Its
 * allow list here names ml-platform only: analytics has to ask.
 */
class AccessDeskTest {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final Caller ANA = new Caller("ana.analyst", List.of("analytics"));
    private static final Caller SARA = new Caller("sara.owner", List.of("sales"));
    private static final Caller CARLOS = new Caller("carlos.owner", List.of("customers"));
    private static final Caller PAT = new Caller("pat.admin", List.of("platform"));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final AccessLedger ledger = new AccessLedger();
    private final List<List<AccessLedger.Entry>> writes = new ArrayList<>();
    private AccessDesk desk;

    @BeforeEach
    void publishTheExample() {
        PublishedProducts products = new PublishedProducts();
        String withoutAnalytics = Fixtures.example(PRODUCT).replace("      - team: analytics\n", "");
        var product =
                DescriptorParser.parse("d.yaml", withoutAnalytics).product().orElseThrow();
        products.accepted(DataProductPublished.newBuilder()
                .setProductId(PRODUCT)
                .setRequestId("r")
                .setVersion(product.metadata().version())
                .setDescriptor(DescriptorEvents.toEvent(product))
                .setOutputTopic("sales.orders-daily-summary.v1")
                .setSchemaGlobalId(1L)
                .setPublishedAt(clock.instant())
                .build());
        AccessLog log = entries -> {
            writes.add(List.copyOf(entries));
            ledger.applied(entries);
        };
        desk = new AccessDesk(
                ledger,
                log,
                products,
                PolicyEngine.withPolicyFile(Fixtures.path("policies/mesh-policies.yaml")),
                clock);
    }

    @Test
    void aRequestWaitsForTheOwnersWhoApproveItAndTheTeamIsGranted() {
        var asked = desk.request(ANA, PRODUCT, "analytics", "monthly revenue report", "2027-01-31");
        assertThat(asked.state()).isEqualTo("PENDING");
        assertThat(asked.requestedBy()).isEqualTo("ana.analyst");
        assertThat(asked.until()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(desk.pending(PRODUCT)).extracting(AccessViews.Request::id).containsExactly(asked.id());

        var approved = desk.approve(SARA, asked.id(), null, null);

        assertThat(approved.state()).isEqualTo("APPROVED");
        assertThat(approved.decidedBy()).isEqualTo("sara.owner");
        assertThat(desk.pending(PRODUCT)).isEmpty();
        AccessGranted grant = ledger.grant(PRODUCT, "analytics").orElseThrow();
        assertThat(grant.getGrantedBy()).isEqualTo("sara.owner");
        assertThat(grant.getUntil()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(writes.get(1))
                .as("the decision and its grant in one write")
                .extracting(AccessLedger.Entry::topic)
                .containsExactly(Topics.ACCESS_DECISIONS.name(), Topics.ACCESS_GRANTS.name());
    }

    @Test
    void onlyTheOwnersDecideAndARefusalChangesNothing() {
        var asked = desk.request(ANA, PRODUCT, "analytics", "report", "2027-01-31");
        int before = writes.size();

        assertThatThrownBy(() -> desk.approve(CARLOS, asked.id(), null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(403);
                    assertThat(e.problem().detail())
                            .contains("only the owners of sales/orders-daily-summary")
                            .contains("carlos.owner");
                });
        assertThatThrownBy(() -> desk.approve(ANA, asked.id(), null, null)).hasMessageContaining("only the owners");
        assertThatThrownBy(() -> desk.deny(CARLOS, asked.id(), "no")).hasMessageContaining("only the owners");
        assertThat(writes).hasSize(before);
        assertThat(ledger.grant(PRODUCT, "analytics")).isEmpty();
        assertThat(desk.approve(PAT, asked.id(), null, null).state())
                .as("the sales domain's policy adds pat.admin to its publishers")
                .isEqualTo("APPROVED");
    }

    @Test
    void badInputIsAClearErrorAndNothingIsWritten() {
        assertThat(status(() -> desk.request(ANA, "sales/nope", "analytics", "r", "2027-01-01")))
                .isEqualTo(404);
        assertThat(status(() -> desk.request(ANA, "not-an-id", "analytics", "r", "2027-01-01")))
                .isEqualTo(400);
        assertThat(status(() -> desk.request(ANA, PRODUCT, "ml-platform", "r", "2027-01-01")))
                .as("not her team")
                .isEqualTo(403);
        assertThat(status(() -> desk.request(ANA, PRODUCT, "analytics", "r", "2026-01-01")))
                .as("a date in the past")
                .isEqualTo(400);
        assertThat(status(() -> desk.request(ANA, PRODUCT, "analytics", "r", "next week")))
                .isEqualTo(400);
        assertThat(status(() -> desk.approve(SARA, "no-such-request", null, null)))
                .isEqualTo(404);
        assertThat(writes).isEmpty();
    }

    @Test
    void theAccessPolicyRefusesARequestWithoutAnEndDateForPiiNamingItsRule() {
        assertThatThrownBy(() -> desk.request(ANA, PRODUCT, "analytics", "report", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(422);
                    assertThat(e.problem().detail())
                            .contains("access policy 'pii-access-has-reason-and-end-date'")
                            .contains("nothing was recorded");
                });
        assertThat(writes).isEmpty();
    }

    @Test
    void theSalesDomainsRuleApprovesASalesTeamAtOnce() {
        Caller jane = new Caller("jane.doe", List.of("sales"));
        var asked = desk.request(jane, PRODUCT, "sales", "reconciliation", "2026-12-15");
        assertThat(asked.state()).isEqualTo("APPROVED");
        assertThat(asked.decidedBy()).isEqualTo("policy:sales-reads-sales");
        assertThat(ledger.grant(PRODUCT, "sales")).isPresent();
        assertThat(writes).hasSize(1);
    }

    @Test
    void nothingIsAskedOrDecidedTwice() {
        var asked = desk.request(ANA, PRODUCT, "analytics", "report", "2027-01-31");
        assertThat(status(() -> desk.request(ANA, PRODUCT, "analytics", "again", "2027-01-31")))
                .as("already waiting")
                .isEqualTo(409);
        desk.deny(SARA, asked.id(), "use the aggregated product instead");
        assertThat(status(() -> desk.approve(SARA, asked.id(), null, null)))
                .as("already denied")
                .isEqualTo(409);
        assertThat(desk.get(asked.id()).decisionReason()).isEqualTo("use the aggregated product instead");
        assertThat(status(() -> desk.deny(
                        SARA,
                        desk.request(ANA, PRODUCT, "analytics", "r", "2027-01-31")
                                .id(),
                        "")))
                .as("a denial without a reason")
                .isEqualTo(400);
        var second = desk.pending(PRODUCT).get(0);
        desk.approve(SARA, second.id(), null, null);
        assertThat(status(() -> desk.request(ANA, PRODUCT, "analytics", "r", "2027-01-31")))
                .as("already granted")
                .isEqualTo(409);
    }

    @Test
    void anOwnerRevokesARequestedGrantButNotADeclaredOne() {
        var asked = desk.request(ANA, PRODUCT, "analytics", "report", "2027-01-31");
        desk.approve(SARA, asked.id(), null, null);
        ledger.applied(List.of(new AccessLedger.Entry(
                Topics.ACCESS_GRANTS.name(),
                AccessKeys.of(PRODUCT, "ml-platform"),
                AccessGranted.newBuilder()
                        .setProductId(PRODUCT)
                        .setTeam("ml-platform")
                        .setGrantedBy("descriptor 1.2.0")
                        .setGrantedAt(clock.instant())
                        .build())));

        assertThat(status(() -> desk.revoke(ANA, PRODUCT, "analytics", null))).isEqualTo(403);
        assertThat(status(() -> desk.revoke(SARA, PRODUCT, "ml-platform", null)))
                .as("ml-platform is in the example's spec.access.allow")
                .isEqualTo(409);
        assertThat(status(() -> desk.revoke(SARA, PRODUCT, "customers", null))).isEqualTo(404);
        desk.revoke(SARA, PRODUCT, "analytics", "report retired");

        assertThat(ledger.grant(PRODUCT, "analytics")).isEmpty();
        List<AccessLedger.Entry> last = writes.get(writes.size() - 1);
        assertThat(last.get(0).value()).as("a tombstone").isNull();
        assertThat(last.get(1).value()).isInstanceOfSatisfying(AccessRevoked.class, r -> {
            assertThat(r.getRevokedBy()).isEqualTo("sara.owner");
            assertThat(r.getReason()).isEqualTo("report retired");
        });
    }

    @Test
    void aGrantEndsAtItsEndDateWithoutAnyoneActing() {
        var asked = desk.request(ANA, PRODUCT, "analytics", "report", "2026-11-30T12:00:30Z");
        desk.approve(SARA, asked.id(), null, null);
        assertThat(desk.expire()).isZero();
        assertThat(desk.product(PRODUCT).granted())
                .extracting(AccessViews.Grant::team)
                .contains("analytics");

        clock.advance(Duration.ofSeconds(31));

        assertThat(desk.product(PRODUCT).granted())
                .as("an ended grant is not shown as granted, even before its revocation is written")
                .extracting(AccessViews.Grant::team)
                .doesNotContain("analytics");
        assertThat(desk.expire()).isEqualTo(1);
        assertThat(ledger.grant(PRODUCT, "analytics")).isEmpty();
        assertThat(desk.expire()).isZero();
    }

    private static int status(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.problem().status();
        }
        throw new AssertionError("no error");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
