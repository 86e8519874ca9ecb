package dev.meshplane.freshness.domain;

import java.util.ArrayList;
import java.util.List;

import dev.meshplane.events.v1.FreshnessState;

/**
 * One tracked product's freshness: its SLA, the newest data time seen, its status and when it entered it, the next
 * deadline it is indexed under, and the out-of-target intervals of the last 30 days for compliance. All times are
 * epoch millis; the age is measured from the newest data time, or from the first publication while the product has
 * never signalled.
 *
 * <p>Status by age: FRESH (age ≤ target), LATE (target &lt; age ≤ alertAfter), BREACHED (age &gt; alertAfter).
 */
public final class Tracked {

    public static final long COMPLIANCE_WINDOW = 30L * 24 * 3600 * 1000;
    public static final long NONE = Long.MIN_VALUE;

    public String version;
    public String owner;
    public String oncall;
    public long targetMillis;
    public long alertAfterMillis;
    /** First publication: the start of tracking and the age reference until the first signal. */
    public long trackedSince;
    /** Newest data time signalled, or {@link #NONE}. */
    public long dataUpdatedAt = NONE;

    public FreshnessState status = FreshnessState.FRESH;
    public long statusSince;
    /** The deadline this product is indexed under, or {@link #NONE} when nothing is due (BREACHED). */
    public long dueAt = NONE;
    /** When the current out-of-target stretch began (LATE or BREACHED), or {@link #NONE}. */
    public long outSince = NONE;
    /** Closed out-of-target stretches {start, end} that still overlap the compliance window, oldest first. */
    public final List<long[]> outIntervals = new ArrayList<>();

    /** The time the age is measured from. */
    public long reference() {
        return dataUpdatedAt == NONE ? trackedSince : dataUpdatedAt;
    }

    public long ageAt(long now) {
        return now - reference();
    }

    /** The status the age gives at {@code now}. */
    public FreshnessState statusAt(long now) {
        long age = ageAt(now);
        if (age <= targetMillis) {
            return FreshnessState.FRESH;
        }
        return age <= alertAfterMillis ? FreshnessState.LATE : FreshnessState.BREACHED;
    }

    /** The first instant the status will change without new input: past the target, then past alertAfter. */
    public long nextDeadline() {
        return switch (status) {
            case FRESH, UNKNOWN -> reference() + targetMillis + 1;
            case LATE -> reference() + alertAfterMillis + 1;
            case BREACHED -> NONE;
        };
    }

    /** When the current status was actually reached (the deadline crossed), not when it was noticed. */
    public long reachedAt(FreshnessState s, long now) {
        long at = switch (s) {
            case LATE -> reference() + targetMillis + 1;
            case BREACHED -> reference() + alertAfterMillis + 1;
            default -> now;
        };
        return Math.min(now, Math.max(at, trackedSince));
    }

    /**
     * Moves to {@code next} at {@code now}, keeping the out-of-target accounting; returns whether the status changed.
     */
    public boolean moveTo(FreshnessState next, long now) {
        if (next == status) {
            return false;
        }
        long since = reachedAt(next, now);
        boolean wasOut = status == FreshnessState.LATE || status == FreshnessState.BREACHED;
        boolean isOut = next == FreshnessState.LATE || next == FreshnessState.BREACHED;
        if (!wasOut && isOut) {
            outSince = since;
        } else if (wasOut && !isOut) {
            outIntervals.add(new long[] {outSince, now});
            outSince = NONE;
        }
        status = next;
        statusSince = since;
        return true;
    }

    /** Share of the trailing 30 days (or of the time since tracking began, if shorter) spent within target. */
    public double complianceAt(long now) {
        long from = Math.max(now - COMPLIANCE_WINDOW, trackedSince);
        if (now <= from) {
            return 1.0;
        }
        long out = 0;
        for (long[] i : outIntervals) {
            out += overlap(i[0], i[1], from, now);
        }
        if (outSince != NONE) {
            out += overlap(outSince, now, from, now);
        }
        return 1.0 - (double) out / (now - from);
    }

    /** Forgets out-of-target stretches that ended before the compliance window. */
    public void prune(long now) {
        long from = now - COMPLIANCE_WINDOW;
        outIntervals.removeIf(i -> i[1] <= from);
    }

    private static long overlap(long start, long end, long from, long to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
}
