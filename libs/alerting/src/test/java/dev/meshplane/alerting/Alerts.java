package dev.meshplane.alerting;

import java.time.Instant;
import java.util.Map;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;

/** Alert changes for the tests. */
final class Alerts {

    private Alerts() {}

    static AlertStateChanged of(String productId, AlertKind kind, AlertState state, String check, long at) {
        return AlertStateChanged.newBuilder()
                .setAlertId(productId + "#" + check)
                .setProductId(productId)
                .setKind(kind)
                .setState(state)
                .setSummary(productId + ": " + check + " " + state)
                .setOwner("sales-data@company.com")
                .setOncall("jane.doe@company.com")
                .setCheckId(check)
                .setChangedAt(Instant.ofEpochMilli(at))
                .setDetails(Map.of("observed", "650"))
                .build();
    }
}
