package dev.meshplane.governance.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.topics.Topics;

/**
 * Records who really reads each product: every {@code meshplane.access.observe-interval} it sweeps the broker's
 * consumer groups ({@link ObservedConsumers}) and writes what changed to {@code mesh.access.observed} ({@link
 * ReaderSweeps}), where the catalog reads it: observed readers per product, readers without a grant, products nobody
 * read in 30 days. Every replica sweeps; each reads the others' observations back through the {@link AccessLedger}
 * before its next sweep, so two replicas rarely write the same change twice, and when they do the later one only
 * moves {@code observedAt}.
 */
@ApplicationScoped
public class ReaderSweeper {

    private static final Logger LOG = Logger.getLogger(ReaderSweeper.class);

    /** Observations per transaction: a sweep of a large mesh is written in slices. */
    static final int BATCH = 500;

    private final ObservedConsumers consumers;
    private final AccessLedger ledger;
    private final AccessLog log;
    private final Duration interval;
    private ScheduledExecutorService timer;
    private boolean swept;

    public ReaderSweeper(ObservedConsumers consumers, AccessLedger ledger, AccessLog log, GovernanceConfig config) {
        this.consumers = consumers;
        this.ledger = ledger;
        this.log = log;
        this.interval = config.access().observeInterval();
    }

    void onStart(@Observes StartupEvent event) {
        if (!consumers.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "governance-reader-sweeps");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, 1_000, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tick() {
        if (!ledger.loaded()) {
            return; // what is known comes first: without it every group would look new
        }
        try {
            int written = sweep(Instant.now());
            if (written > 0) {
                LOG.debugf("access: %d reader observation(s) written", written);
            }
        } catch (RuntimeException e) {
            LOG.warnf("access: could not sweep the consumer groups (%s); trying again in %s", e, interval);
        }
    }

    /** One sweep: returns how many observations it wrote. */
    int sweep(Instant now) {
        Map<String, ConsumerObserved> known = ledger.observations();
        boolean baseline = !swept && known.isEmpty();
        List<ConsumerObserved> changes = ReaderSweeps.changes(consumers.sweep(p -> true), known, baseline, now);
        for (int from = 0; from < changes.size(); from += BATCH) {
            List<AccessLedger.Entry> entries = new ArrayList<>();
            for (ConsumerObserved o : changes.subList(from, Math.min(changes.size(), from + BATCH))) {
                entries.add(new AccessLedger.Entry(
                        Topics.ACCESS_OBSERVED.name(), AccessKeys.of(o.getProductId(), o.getGroup()), o));
            }
            log.write(entries);
        }
        swept = true;
        return changes.size();
    }
}
