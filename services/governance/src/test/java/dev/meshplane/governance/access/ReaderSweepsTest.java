package dev.meshplane.governance.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.ConsumerObserved;

class ReaderSweepsTest {

    private static final String ORDERS = "sales/orders";
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final Map<String, ConsumerObserved> known = new HashMap<>();

    @Test
    void aNewGroupReadAtTheSweepThatFoundIt() {
        List<ConsumerObserved> out = sweep(T0, false, reading("analytics.report", 10, 2));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.getTeam()).isEqualTo("analytics");
            assertThat(o.getTopics()).containsExactly("sales.orders.v1");
            assertThat(o.getCommitted()).isEqualTo(10);
            assertThat(o.getLag()).isEqualTo(2);
            assertThat(o.getPresent()).isTrue();
            assertThat(o.getFirstSeenAt()).isEqualTo(T0);
            assertThat(o.getLastReadAt()).isEqualTo(T0);
        });
    }

    @Test
    void theFirstSweepOfAPlatformDoesNotDateReadsItDidNotSee() {
        assertThat(sweep(T0, true, reading("analytics.report", 10, 2)))
                .singleElement()
                .satisfies(o -> assertThat(o.getLastReadAt()).isNull());
    }

    @Test
    void onlyWhatChangedIsWrittenAndALagChangeKeepsTheLastRead() {
        sweep(T0, false, reading("analytics.report", 10, 2));

        assertThat(sweep(T0.plusSeconds(60), false, reading("analytics.report", 10, 2)))
                .as("nothing moved")
                .isEmpty();
        assertThat(sweep(T0.plusSeconds(120), false, reading("analytics.report", 10, 7)))
                .as("new records on the topic, the group did not read them")
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.getLag()).isEqualTo(7);
                    assertThat(o.getLastReadAt()).isEqualTo(T0);
                    assertThat(o.getObservedAt()).isEqualTo(T0.plusSeconds(120));
                });
        assertThat(sweep(T0.plusSeconds(180), false, reading("analytics.report", 17, 0)))
                .as("the group's offsets moved: it read")
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.getLastReadAt()).isEqualTo(T0.plusSeconds(180));
                    assertThat(o.getFirstSeenAt()).isEqualTo(T0);
                });
    }

    @Test
    void aGroupTheBrokerForgotIsWrittenOnceAsGoneAndKeepsItsLastRead() {
        sweep(T0, false, reading("analytics.report", 10, 2));

        assertThat(sweep(T0.plusSeconds(60), false)).singleElement().satisfies(o -> {
            assertThat(o.getPresent()).isFalse();
            assertThat(o.getLastReadAt()).isEqualTo(T0);
        });
        assertThat(sweep(T0.plusSeconds(120), false)).as("written once").isEmpty();
        assertThat(sweep(T0.plusSeconds(180), false, reading("analytics.report", 10, 2)))
                .as("back, with the same offsets: it committed again")
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.getPresent()).isTrue();
                    assertThat(o.getLastReadAt()).isEqualTo(T0.plusSeconds(180));
                });
    }

    @Test
    void aGroupWithoutATeamPrefixHasNoTeam() {
        assertThat(sweep(T0, false, reading("orders-report", 1, 0)))
                .singleElement()
                .satisfies(o -> assertThat(o.getTeam()).isNull());
    }

    @Test
    void outputTopicsNameTheirProduct() {
        assertThat(ObservedConsumers.productOf("sales.orders-daily-summary.v12"))
                .isEqualTo("sales/orders-daily-summary");
        assertThat(ObservedConsumers.productOf("mesh.access.grants")).isNull();
        assertThat(ObservedConsumers.productOf("sales.orders.v1-repartition")).isNull();
        assertThat(ObservedConsumers.productOf("Sales.orders.v1")).isNull();
    }

    /** One sweep that found {@code readings} on ORDERS; what it writes is then known, as the ledger would apply it. */
    private List<ConsumerObserved> sweep(Instant now, boolean baseline, ObservedConsumers.Reading... readings) {
        Map<String, ObservedConsumers.Reading> groups = new HashMap<>();
        for (ObservedConsumers.Reading r : readings) {
            groups.put(r.group(), r);
        }
        List<ConsumerObserved> out = ReaderSweeps.changes(
                groups.isEmpty() ? Map.of() : Map.of(ORDERS, groups), Map.copyOf(known), baseline, now);
        out.forEach(o -> known.put(AccessKeys.of(o.getProductId(), o.getGroup()), o));
        return out;
    }

    private static ObservedConsumers.Reading reading(String group, long committed, long lag) {
        return new ObservedConsumers.Reading(
                group, ObservedConsumers.teamOf(group), new TreeSet<>(List.of("sales.orders.v1")), committed, lag);
    }
}
