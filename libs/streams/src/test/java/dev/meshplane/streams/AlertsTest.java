package dev.meshplane.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;

/** Quality and freshness alerts have one id rule, so FIRING and RESOLVED of the same condition pair up. */
class AlertsTest {

    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void aQualityAlertIsIdentifiedByItsProductAndCheckAndPagesTheOwner() {
        Alerts.Subject check = Alerts.quality("sales/orders", "null_rate:customer_id", "sales@x", "jane@x");

        AlertStateChanged fired =
                check.changed(AlertState.FIRING, "null rate above 1%", AT, Map.of("observed", "0.05"));
        AlertStateChanged resolved = check.changed(AlertState.RESOLVED, "passes again", AT.plusSeconds(60), Map.of());

        assertThat(fired.getAlertId()).isEqualTo("sales/orders#null_rate:customer_id");
        assertThat(resolved.getAlertId()).isEqualTo(fired.getAlertId());
        assertThat(fired.getKind()).isEqualTo(AlertKind.QUALITY);
        assertThat(fired.getCheckId()).isEqualTo("null_rate:customer_id");
        assertThat(fired.getOwner()).isEqualTo("sales@x");
        assertThat(fired.getOncall()).isEqualTo("jane@x");
        assertThat(fired.getChangedAt()).isEqualTo(AT);
        assertThat(fired.getDetails()).containsEntry("observed", "0.05");
    }

    @Test
    void aProductHasOneFreshnessAlert() {
        AlertStateChanged fired = Alerts.freshness("sales/orders", "sales@x", null)
                .changed(AlertState.FIRING, "data is 31m old", AT, Map.of());

        assertThat(fired.getAlertId()).isEqualTo("sales/orders#freshness");
        assertThat(fired.getKind()).isEqualTo(AlertKind.FRESHNESS);
        assertThat(fired.getCheckId()).isEqualTo(Alerts.FRESHNESS_CHECK);
        assertThat(fired.getOncall()).isNull();
    }
}
