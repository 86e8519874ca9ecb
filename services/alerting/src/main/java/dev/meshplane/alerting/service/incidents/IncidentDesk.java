package dev.meshplane.alerting.service.incidents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.meshplane.alerting.service.config.AlertingConfig;
import dev.meshplane.alerting.service.delivery.EventWriter;
import dev.meshplane.descriptor.Durations;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.IncidentAction;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.IncidentState;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;
import dev.meshplane.topics.Topics;

/**
 * The incident of each firing alert: opened when it fires, acknowledged, snoozed or resolved by the product's owning
 * team (the team named like its domain) or its on-call, resolved when the alert resolves, and notified again while
 * nobody has acknowledged it. Every change is an {@link IncidentChanged} on {@code mesh.incidents} (kept forever, keyed
 * by product id) carrying the whole incident; every replica reads that topic whole ({@link #viewed}), so any of them
 * answers for any alert. An act is written to the broker before it is answered: 200 means it is recorded.
 */
@ApplicationScoped
public class IncidentDesk {

    private static final Logger LOG = Logger.getLogger(IncidentDesk.class);
    static final String PLATFORM = "platform";
    private static final Duration LONGEST_SNOOZE = Duration.ofDays(7);
    private static final Duration SHORTEST_SNOOZE = Duration.ofMinutes(1);

    private final Map<String, IncidentChanged> book = new ConcurrentHashMap<>();
    /** Writes a change to {@code mesh.incidents}; completes once the broker has it. */
    private final Function<IncidentChanged, CompletableFuture<Void>> log;

    private final Duration renotifyEvery;
    private final Clock clock;

    @Inject
    public IncidentDesk(EventWriter writer, AlertingConfig config) {
        this(
                i -> writer.write(Topics.INCIDENTS.name(), i.getProductId(), i),
                config.alerting().renotifyEvery(),
                Clock.systemUTC());
    }

    IncidentDesk(Function<IncidentChanged, CompletableFuture<Void>> log, Duration renotifyEvery, Clock clock) {
        this.log = log;
        this.renotifyEvery = renotifyEvery;
        this.clock = clock;
    }

    /** An incident as {@code mesh.incidents} holds it (this replica's write, or another's). */
    public void viewed(IncidentChanged i) {
        book.merge(i.getAlertId(), i, (old, now) -> now.getAt().isBefore(old.getAt()) ? old : now);
    }

    public Optional<IncidentChanged> incident(String alertId) {
        return Optional.ofNullable(book.get(alertId));
    }

    /** Newest first; {@code open}: only those not resolved. */
    public List<IncidentChanged> incidents(boolean open) {
        return book.values().stream()
                .filter(i -> !open || i.getState() != IncidentState.RESOLVED)
                .sorted(Comparator.comparing(IncidentChanged::getFiredAt).reversed())
                .toList();
    }

    /**
     * The alert fired (read from {@code tp}): a new incident, unless this very firing already opened one (the record
     * read again after a restart). Returns the write to wait for before the alert's offset is committed.
     */
    public synchronized CompletableFuture<Void> fired(AlertStateChanged a, TopicPartition tp) {
        IncidentChanged current = book.get(a.getAlertId());
        if (current != null && current.getFiredAt().equals(a.getChangedAt())) {
            return CompletableFuture.completedFuture(null);
        }
        Instant now = now();
        IncidentChanged opened = IncidentChanged.newBuilder()
                .setAlertId(a.getAlertId())
                .setProductId(a.getProductId())
                .setKind(a.getKind().name())
                .setState(IncidentState.OPEN)
                .setAction(IncidentAction.FIRED)
                .setBy(PLATFORM)
                .setAt(now)
                .setFiredAt(a.getChangedAt())
                .setSummary(a.getSummary())
                .setOwner(a.getOwner())
                .setOncall(a.getOncall())
                .setCheckId(a.getCheckId())
                .setNotifications(1)
                .setLastNotifiedAt(now)
                .setAlertTopic(tp.topic())
                .setAlertPartition(tp.partition())
                .build();
        return record(opened);
    }

    /** Writes the incident of {@code alertId} as it stands again: its last write did not reach the broker. */
    public CompletableFuture<Void> rewrite(String alertId) {
        IncidentChanged current = book.get(alertId);
        return current == null ? CompletableFuture.completedFuture(null) : log.apply(current);
    }

    /** The alert resolved by itself: its incident, if still open, is resolved by the platform. */
    public synchronized CompletableFuture<Void> alertResolved(AlertStateChanged a) {
        IncidentChanged current = book.get(a.getAlertId());
        if (current == null || current.getState() == IncidentState.RESOLVED) {
            return CompletableFuture.completedFuture(null);
        }
        Instant now = now();
        return record(IncidentChanged.newBuilder(current)
                .setState(IncidentState.RESOLVED)
                .setAction(IncidentAction.RESOLVED)
                .setBy(PLATFORM)
                .setAt(now)
                .setResolvedBy(PLATFORM)
                .setResolvedAt(a.getChangedAt())
                .setReason("the alert resolved: " + a.getSummary())
                .build());
    }

    /** Stops the re-notifications: someone is on it. Acknowledging twice keeps the first acknowledgement. */
    public synchronized IncidentChanged acknowledge(Caller caller, String email, String alertId) {
        IncidentChanged current = actable(caller, email, alertId, "acknowledge");
        if (current.getState() == IncidentState.ACKNOWLEDGED) {
            return current;
        }
        Instant now = now();
        return recordNow(IncidentChanged.newBuilder(current)
                .setState(IncidentState.ACKNOWLEDGED)
                .setAction(IncidentAction.ACKNOWLEDGED)
                .setBy(caller.person())
                .setAt(now)
                .setAcknowledgedBy(current.getAcknowledgedBy() == null ? caller.person() : current.getAcknowledgedBy())
                .setAcknowledgedAt(current.getAcknowledgedAt() == null ? now : current.getAcknowledgedAt())
                .setSnoozedUntil(null)
                .build());
    }

    /** No re-notification for {@code forText} (1m to 7d: 30m, 2h, 1d); then, unacknowledged, they start again. */
    public synchronized IncidentChanged snooze(
            Caller caller, String email, String alertId, String forText, String reason) {
        Duration d = Durations.parse(forText == null ? "" : forText.trim())
                .orElseThrow(() -> ProblemException.badParameter(
                        "for",
                        "how long to snooze: a duration such as 30m, 2h or 1d, not '"
                                + ApiProblem.quote(String.valueOf(forText)) + "'"));
        if (d.compareTo(SHORTEST_SNOOZE) < 0 || d.compareTo(LONGEST_SNOOZE) > 0) {
            throw ProblemException.badParameter(
                    "for",
                    "a snooze lasts from 1m to 7d (" + forText + " asked); acknowledge the alert to stop its"
                            + " re-notifications for good");
        }
        IncidentChanged current = actable(caller, email, alertId, "snooze");
        Instant now = now();
        return recordNow(IncidentChanged.newBuilder(current)
                .setState(IncidentState.SNOOZED)
                .setAction(IncidentAction.SNOOZED)
                .setBy(caller.person())
                .setAt(now)
                .setSnoozedUntil(now.plus(d))
                .setReason(reason == null || reason.isBlank() ? current.getReason() : reason.strip())
                .build());
    }

    /** A person closes the incident, saying why. */
    public synchronized IncidentChanged resolve(Caller caller, String email, String alertId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badParameter(
                    "reason", "say why the incident is resolved (what was wrong, what was done): it is kept with it");
        }
        IncidentChanged current = actable(caller, email, alertId, "resolve");
        Instant now = now();
        return recordNow(IncidentChanged.newBuilder(current)
                .setState(IncidentState.RESOLVED)
                .setAction(IncidentAction.RESOLVED)
                .setBy(caller.person())
                .setAt(now)
                .setResolvedBy(caller.person())
                .setResolvedAt(now)
                .setReason(reason.strip())
                .build());
    }

    /**
     * The open incidents to notify again now: not acknowledged, not snoozed (or the snooze over), last notified at
     * least {@code renotify-every} ago, and fired on a partition {@code mine} holds (one replica notifies each).
     */
    public List<IncidentChanged> due(Predicate<TopicPartition> mine) {
        Instant now = now();
        return book.values().stream().filter(i -> due(i, now, mine)).toList();
    }

    private boolean due(IncidentChanged i, Instant now, Predicate<TopicPartition> mine) {
        boolean open = i.getState() == IncidentState.OPEN
                || (i.getState() == IncidentState.SNOOZED
                        && i.getSnoozedUntil() != null
                        && !now.isBefore(i.getSnoozedUntil()));
        return open
                && !now.isBefore(i.getLastNotifiedAt().plus(renotifyEvery))
                && mine.test(new TopicPartition(i.getAlertTopic(), i.getAlertPartition()));
    }

    /**
     * Records that the incident of {@code alertId} is notified again, if it still is due (an acknowledgement may have
     * come in between): so no replica notifies it again before the next period. Null when it is not due any more.
     */
    public synchronized IncidentChanged renotify(String alertId, Predicate<TopicPartition> mine)
            throws ExecutionException, InterruptedException, TimeoutException {
        Instant now = now();
        IncidentChanged i = book.get(alertId);
        if (i == null || !due(i, now, mine)) {
            return null;
        }
        IncidentChanged next = IncidentChanged.newBuilder(i)
                .setState(IncidentState.OPEN)
                .setAction(IncidentAction.RENOTIFIED)
                .setBy(PLATFORM)
                .setAt(now)
                .setSnoozedUntil(null)
                .setNotifications(i.getNotifications() + 1)
                .setLastNotifiedAt(now)
                .build();
        record(next).get(10, TimeUnit.SECONDS);
        return next;
    }

    /** Now, to the millisecond: what mesh.incidents keeps (timestamp-millis), so an answer says what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The alert change its destinations get when {@code i} is notified again, or resolved by a person. */
    public static AlertStateChanged message(IncidentChanged i, AlertState state, Instant at, String summary) {
        AlertKind kind;
        try {
            kind = AlertKind.valueOf(i.getKind());
        } catch (IllegalArgumentException e) {
            kind = AlertKind.UNKNOWN;
        }
        Map<String, String> details = new HashMap<>();
        details.put("incident", i.getState().name());
        details.put("firedAt", i.getFiredAt().toString());
        details.put("notifications", Integer.toString(i.getNotifications()));
        if (i.getReason() != null) {
            details.put("reason", i.getReason());
        }
        return AlertStateChanged.newBuilder()
                .setAlertId(i.getAlertId())
                .setProductId(i.getProductId())
                .setKind(kind)
                .setState(state)
                .setSummary(summary)
                .setOwner(i.getOwner())
                .setOncall(i.getOncall())
                .setCheckId(i.getCheckId())
                .setChangedAt(at)
                .setDetails(new HashMap<>(details))
                .build();
    }

    /**
     * The incident {@code caller} may act on.
     *
     * @throws ProblemException 404 for an unknown alert id, 409 for a resolved incident, 403 for anyone but the owning
     *     team and the on-call
     */
    private IncidentChanged actable(Caller caller, String email, String alertId, String act) {
        IncidentChanged current = book.get(alertId);
        if (current == null) {
            throw ProblemException.notFound("no incident for alert '" + ApiProblem.quote(alertId) + "': an incident"
                    + " opens when an alert fires; 'mesh alerts' and GET /api/alerts list them (an alert id looks"
                    + " like sales/orders-daily-summary#row_count_delta)");
        }
        String productId = current.getProductId();
        String domain = productId.contains("/") ? productId.substring(0, productId.indexOf('/')) : productId;
        String oncall = current.getOncall();
        boolean team = caller.teams().contains(domain);
        boolean onCall = oncall != null
                && (oncall.equalsIgnoreCase(caller.person()) || (email != null && oncall.equalsIgnoreCase(email)));
        if (!team && !onCall) {
            throw ProblemException.forbidden(
                    "only team '" + domain + "' (the owners of " + productId + ") and its on-call (" + oncall + ") "
                            + act + " its alerts; you are " + caller.person() + " in " + caller.names()
                            + ": nothing was changed",
                    null);
        }
        if (current.getState() == IncidentState.RESOLVED) {
            throw new ProblemException(ApiProblem.of(
                    409,
                    "the incident of " + alertId + " was resolved by " + current.getResolvedBy() + " at "
                            + current.getResolvedAt() + ": nothing was changed (it opens again when the alert fires"
                            + " again)"));
        }
        return current;
    }

    private IncidentChanged recordNow(IncidentChanged next) {
        IncidentChanged before = book.get(next.getAlertId());
        try {
            record(next).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Not recorded: the book goes back to what the broker holds, unless another change came in meanwhile.
            if (before == null) {
                book.remove(next.getAlertId(), next);
            } else {
                book.replace(next.getAlertId(), next, before);
            }
            LOG.warnf("could not record %s of %s: %s", next.getAction(), next.getAlertId(), e.getMessage());
            throw new ProblemException(ApiProblem.of(
                    503,
                    "the broker did not take the change (" + e.getClass().getSimpleName() + "): nothing was"
                            + " changed; try again"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ApiProblem.of(503, "interrupted: nothing was changed; try again"));
        }
        return next;
    }

    /**
     * The book takes {@code next} at once, so the next act sees it; the returned write is what an answer, or the
     * alert's offset, waits for. If it fails the act is answered 503, or the alert record is read again.
     */
    private CompletableFuture<Void> record(IncidentChanged next) {
        viewed(next);
        return log.apply(next);
    }
}
