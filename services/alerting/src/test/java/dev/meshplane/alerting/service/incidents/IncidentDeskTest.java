package dev.meshplane.alerting.service.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.IncidentAction;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.IncidentState;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;

/** The incident rules without a broker: who may act, snooze bounds, when an incident is notified again. */
class IncidentDeskTest {

    private static final String ALERT = "sales/orders#freshness";
    private static final TopicPartition PARTITION = new TopicPartition("mesh.alerts.freshness", 1);
    private static final Predicate<TopicPartition> MINE = PARTITION::equals;
    private static final Caller SALES = new Caller("sara.owner", List.of("sales"));
    private static final Caller CUSTOMERS = new Caller("carlos.owner", List.of("customers"));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<IncidentChanged> written = new ArrayList<>();
    private boolean brokerAway;
    private final IncidentDesk desk = new IncidentDesk(
            i -> {
                if (brokerAway) {
                    return CompletableFuture.failedFuture(new IllegalStateException("broker away"));
                }
                written.add(i);
                return CompletableFuture.completedFuture(null);
            },
            Duration.ofMinutes(30),
            clock);

    @Test
    void aFiringOpensOneIncidentEvenWhenReadAgain() {
        AlertStateChanged firing = firing(clock.instant());
        desk.fired(firing, PARTITION).join();
        desk.fired(firing, PARTITION).join(); // the same record read again after a restart

        assertThat(written).hasSize(1);
        IncidentChanged opened = desk.incident(ALERT).orElseThrow();
        assertThat(opened.getState()).isEqualTo(IncidentState.OPEN);
        assertThat(opened.getAction()).isEqualTo(IncidentAction.FIRED);
        assertThat(opened.getAlertPartition()).isEqualTo(1);
    }

    @Test
    void onlyTheOwningTeamAndTheOnCallMayAct() {
        desk.fired(firing(clock.instant()), PARTITION).join();

        assertThatThrownBy(() -> desk.acknowledge(CUSTOMERS, "carlos@example.com", ALERT))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(status(e)).isEqualTo(403))
                .hasMessageContaining("only team 'sales'");
        assertThat(desk.incident(ALERT).orElseThrow().getState()).isEqualTo(IncidentState.OPEN);

        // the on-call, by e-mail, from another team
        IncidentChanged acked = desk.acknowledge(CUSTOMERS, "oncall@example.com", ALERT);
        assertThat(acked.getState()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(acked.getAcknowledgedBy()).isEqualTo("carlos.owner");

        assertThatThrownBy(() -> desk.acknowledge(SALES, null, "sales/nothing#x"))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @Test
    void aSnoozeLastsFromAMinuteToAWeekAndThenTheIncidentIsDueAgain() {
        desk.fired(firing(clock.instant()), PARTITION).join();

        for (String wrong : List.of("30s", "8d", "soon", "")) {
            assertThatThrownBy(() -> desk.snooze(SALES, null, ALERT, wrong, null))
                    .satisfies(e -> assertThat(status(e)).isEqualTo(400))
                    .satisfies(e -> assertThat(((ProblemException) e).problem().parameter())
                            .isEqualTo("for"));
        }
        IncidentChanged snoozed = desk.snooze(SALES, null, ALERT, "2h", "waiting for the export");
        assertThat(snoozed.getSnoozedUntil()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));

        clock.move(Duration.ofHours(1));
        assertThat(desk.due(MINE)).isEmpty();
        clock.move(Duration.ofHours(1));
        assertThat(desk.due(MINE)).extracting(IncidentChanged::getAlertId).containsExactly(ALERT);
    }

    @Test
    void anUnacknowledgedIncidentIsNotifiedAgainEachPeriodByTheReplicaHoldingItsPartition() throws Exception {
        desk.fired(firing(clock.instant()), PARTITION).join();
        assertThat(desk.due(MINE)).isEmpty();

        clock.move(Duration.ofMinutes(30));
        assertThat(desk.due(tp -> false)).isEmpty(); // another replica's partition
        IncidentChanged again = desk.renotify(ALERT, MINE);
        assertThat(again.getNotifications()).isEqualTo(2);
        assertThat(again.getAction()).isEqualTo(IncidentAction.RENOTIFIED);
        assertThat(desk.renotify(ALERT, MINE)).isNull(); // not due again before the next period

        desk.acknowledge(SALES, null, ALERT);
        clock.move(Duration.ofHours(5));
        assertThat(desk.due(MINE)).isEmpty();
    }

    @Test
    void anActTheBrokerDidNotTakeIsRefusedAndLeavesTheIncidentAsItWas() {
        desk.fired(firing(clock.instant()), PARTITION).join();
        brokerAway = true;

        assertThatThrownBy(() -> desk.acknowledge(SALES, null, ALERT))
                .satisfies(e -> assertThat(status(e)).isEqualTo(503));
        assertThat(desk.incident(ALERT).orElseThrow().getState()).isEqualTo(IncidentState.OPEN);
    }

    @Test
    void aFiringWhoseWriteFailedIsWrittenAgainAsItStands() {
        brokerAway = true;
        assertThat(desk.fired(firing(clock.instant()), PARTITION)).isCompletedExceptionally();
        brokerAway = false;

        desk.rewrite(ALERT).join();

        assertThat(written)
                .singleElement()
                .satisfies(i -> assertThat(i.getAction()).isEqualTo(IncidentAction.FIRED));
    }

    @Test
    void aResolutionNeedsAReasonAndEndsTheIncident() {
        desk.fired(firing(clock.instant()), PARTITION).join();

        assertThatThrownBy(() -> desk.resolve(SALES, null, ALERT, " "))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
        IncidentChanged resolved = desk.resolve(SALES, null, ALERT, "the export was re-run");
        assertThat(resolved.getResolvedBy()).isEqualTo("sara.owner");
        assertThat(desk.incidents(true)).isEmpty();
        assertThatThrownBy(() -> desk.acknowledge(SALES, null, ALERT))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        // the alert resolving by itself later changes nothing more
        desk.alertResolved(AlertStateChanged.newBuilder(firing(clock.instant()))
                        .setState(AlertState.RESOLVED)
                        .build())
                .join();
        assertThat(written).hasSize(2);
    }

    @Test
    void anOlderChangeReadFromTheTopicDoesNotReplaceANewerOne() {
        desk.fired(firing(clock.instant()), PARTITION).join();
        IncidentChanged acked = desk.acknowledge(SALES, null, ALERT);

        desk.viewed(IncidentChanged.newBuilder(acked)
                .setState(IncidentState.OPEN)
                .setAt(acked.getAt().minusSeconds(5))
                .build());

        assertThat(desk.incident(ALERT).orElseThrow().getState()).isEqualTo(IncidentState.ACKNOWLEDGED);
    }

    private static int status(Throwable e) {
        return ((ProblemException) e).problem().status();
    }

    private static AlertStateChanged firing(Instant at) {
        return AlertStateChanged.newBuilder()
                .setAlertId(ALERT)
                .setProductId("sales/orders")
                .setKind(AlertKind.FRESHNESS)
                .setState(AlertState.FIRING)
                .setSummary("no new data for 3h (target 1h)")
                .setOwner("team-sales@example.com")
                .setOncall("oncall@example.com")
                .setCheckId(null)
                .setChangedAt(at)
                .setDetails(Map.of())
                .build();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
