package dev.meshplane.streams;

import java.time.Instant;
import java.util.Map;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;

/**
 * The one place alerts are made, so quality and freshness alerts carry the same fields and their ids follow one
 * rule: {@code <productId>#<checkId>}. The id is the same for FIRING and RESOLVED and across restarts and replays, so a
 * subscriber (the catalog, a pager) pairs them without keeping state of its own.
 */
public final class Alerts {

    /** The check id of a product's freshness SLA: a product has one SLA, so one freshness alert. */
    public static final String FRESHNESS_CHECK = "freshness";

    private Alerts() {}

    /** A declared quality check of a product, and who its alerts go to. */
    public static Subject quality(String productId, String checkId, String owner, String oncall) {
        return new Subject(AlertKind.QUALITY, productId, checkId, owner, oncall);
    }

    /** A product's freshness SLA, and who its alerts go to. */
    public static Subject freshness(String productId, String owner, String oncall) {
        return new Subject(AlertKind.FRESHNESS, productId, FRESHNESS_CHECK, owner, oncall);
    }

    /** What an alert is about (a product's check or SLA) and who is paged: owner and on-call from the descriptor. */
    public record Subject(AlertKind kind, String productId, String checkId, String owner, String oncall) {

        public String alertId() {
            return productId + "#" + checkId;
        }

        /**
         * The event for this subject entering {@code state} at {@code at}; {@code details} carries the observed and
         * expected values, how late, the run id.
         */
        public AlertStateChanged changed(AlertState state, String summary, Instant at, Map<String, String> details) {
            return AlertStateChanged.newBuilder()
                    .setAlertId(alertId())
                    .setProductId(productId)
                    .setKind(kind)
                    .setState(state)
                    .setSummary(summary)
                    .setOwner(owner)
                    .setOncall(oncall)
                    .setCheckId(checkId)
                    .setChangedAt(at)
                    .setDetails(details)
                    .build();
        }
    }
}
