package dev.meshplane.alerting;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertStateChanged;

/**
 * How urgent an alert is, for routes and PagerDuty. Alerts carry no severity of their own yet: a freshness alert (the
 * SLA is breached: consumers read stale data now) is critical, a quality alert (a check failed on a run) a warning.
 */
public enum Severity {
    CRITICAL,
    WARNING;

    public static Severity of(AlertStateChanged alert) {
        return alert.getKind() == AlertKind.FRESHNESS ? CRITICAL : WARNING;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
