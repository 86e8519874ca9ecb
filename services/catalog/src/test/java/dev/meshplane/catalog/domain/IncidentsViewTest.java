package dev.meshplane.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.IncidentAction;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.IncidentState;

/** A product's incidents as the catalog folds them from mesh.incidents, and the health figures drawn from them. */
class IncidentsViewTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theLatestChangeOfEachIncidentStandsAndAnOlderIncidentReadLateDoesNot() {
        ProductView v = view("sales/orders");
        Instant fired = NOW.minus(Duration.ofHours(2));
        ProductUpdates.incident(v, change("sales/orders#freshness", fired, IncidentState.OPEN, null, null));
        ProductUpdates.incident(
                v, change("sales/orders#freshness", fired, IncidentState.ACKNOWLEDGED, fired.plusSeconds(600), null));
        // a change of the alert's previous incident (fired a day before), read after the current one
        ProductUpdates.incident(
                v,
                change(
                        "sales/orders#freshness",
                        fired.minus(Duration.ofDays(1)),
                        IncidentState.RESOLVED,
                        null,
                        fired.minus(Duration.ofHours(20))));

        assertThat(v.incidents).hasSize(1);
        ProductView.IncidentEntry e = v.incidents.get("sales/orders#freshness");
        assertThat(e.state()).isEqualTo("ACKNOWLEDGED");
        assertThat(e.acknowledgedBy()).isEqualTo("sara.owner");
        assertThat(e.acknowledgedAt()).isEqualTo(fired.plusSeconds(600).toEpochMilli());
    }

    @Test
    void onlyDeadDeliveriesAreKeptWithTheirReasons() {
        ProductView v = view("sales/orders");
        ProductUpdates.delivery(v, delivery(true, null));
        ProductUpdates.delivery(v, delivery(false, "refusing: HTTP 400"));

        assertThat(v.deadDeliveries)
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("refusing: HTTP 400"));
    }

    @Test
    void theHealthGivesTheMedianTimesToAcknowledgeAndResolveOfTheLast30Days() {
        ProductView a = view("sales/orders");
        ProductView b = view("sales/returns");
        Instant fired = NOW.minus(Duration.ofHours(10));
        // acknowledged after 1, 3 and 5 minutes; two resolved, after 60 and 120 minutes; one still open
        ProductUpdates.incident(
                a, change("sales/orders#a", fired, IncidentState.RESOLVED, minutes(fired, 1), minutes(fired, 60)));
        ProductUpdates.incident(
                a, change("sales/orders#b", fired, IncidentState.RESOLVED, minutes(fired, 3), minutes(fired, 120)));
        ProductUpdates.incident(
                b, change("sales/returns#c", fired, IncidentState.ACKNOWLEDGED, minutes(fired, 5), null));
        // fired 40 days ago: outside the window
        Instant old = NOW.minus(Duration.ofDays(40));
        ProductUpdates.incident(
                b, change("sales/returns#d", old, IncidentState.RESOLVED, minutes(old, 1), minutes(old, 1)));

        MeshHealth.Incidents i =
                MeshHealth.incidents(List.of(ProductSummary.of(a), ProductSummary.of(b)), NOW.toEpochMilli());

        assertThat(i.started()).isEqualTo(3);
        assertThat(i.open()).isEqualTo(1);
        assertThat(i.acknowledged()).isEqualTo(3);
        assertThat(i.ttaMedianMillis()).isEqualTo(Duration.ofMinutes(3).toMillis());
        assertThat(i.resolved()).isEqualTo(2);
        assertThat(i.ttrMedianMillis()).isEqualTo(Duration.ofMinutes(60).toMillis());
    }

    private static Instant minutes(Instant from, int m) {
        return from.plus(Duration.ofMinutes(m));
    }

    private static ProductView view(String id) {
        ProductView v = new ProductView();
        v.productId = id;
        v.domain = id.substring(0, id.indexOf('/'));
        v.name = id.substring(id.indexOf('/') + 1);
        v.status = "PUBLISHED";
        return v;
    }

    private static IncidentChanged change(
            String alertId, Instant fired, IncidentState state, Instant acknowledgedAt, Instant resolvedAt) {
        return IncidentChanged.newBuilder()
                .setAlertId(alertId)
                .setProductId(alertId.substring(0, alertId.indexOf('#')))
                .setKind("FRESHNESS")
                .setState(state)
                .setAction(
                        switch (state) {
                            case ACKNOWLEDGED -> IncidentAction.ACKNOWLEDGED;
                            case RESOLVED -> IncidentAction.RESOLVED;
                            default -> IncidentAction.FIRED;
                        })
                .setBy("sara.owner")
                .setAt(resolvedAt != null ? resolvedAt : acknowledgedAt != null ? acknowledgedAt : fired)
                .setFiredAt(fired)
                .setAcknowledgedBy(acknowledgedAt == null ? null : "sara.owner")
                .setAcknowledgedAt(acknowledgedAt)
                .setResolvedBy(resolvedAt == null ? null : "sara.owner")
                .setResolvedAt(resolvedAt)
                .setReason(resolvedAt == null ? null : "re-run")
                .setSummary("no new data")
                .setOwner("sales-data@company.com")
                .setOncall("jane.doe@company.com")
                .setCheckId(null)
                .setNotifications(1)
                .setLastNotifiedAt(fired)
                .setAlertTopic("mesh.alerts.freshness")
                .setAlertPartition(0)
                .build();
    }

    private static AlertDeliveryEnded delivery(boolean delivered, String reason) {
        return AlertDeliveryEnded.newBuilder()
                .setDeliveryKey("sales/orders#freshness|FIRING|" + NOW.toEpochMilli())
                .setAlertId("sales/orders#freshness")
                .setProductId("sales/orders")
                .setState(AlertState.FIRING.name())
                .setNotice(false)
                .setDestination(delivered ? "good" : "refusing")
                .setDestinationType("webhook")
                .setAttempts(1)
                .setDelivered(delivered)
                .setReason(reason)
                .setEndedAt(NOW)
                .build();
    }
}
