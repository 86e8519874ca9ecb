package dev.meshplane.governance.access;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.meshplane.governance.config.GovernanceConfig;

/**
 * Ends grants whose end date has passed without anyone acting: every {@code meshplane.access.expiry-interval} it has
 * the {@link AccessDesk} write their revocations. The broker stops the team's reads at the end date itself: the
 * {@link AccessEnforcer} removes the ACLs of a grant that has ended, whether or not its revocation is written yet.
 * Every replica runs it; two replicas may both write the revocation of the same grant, which changes nothing but the
 * audit trail (two {@code AccessRevoked} events).
 */
@ApplicationScoped
public class AccessExpiry {

    private static final Logger LOG = Logger.getLogger(AccessExpiry.class);

    private final AccessDesk desk;
    private final Duration interval;
    private final boolean enabled;
    private ScheduledExecutorService timer;

    public AccessExpiry(
            AccessDesk desk,
            GovernanceConfig config,
            @ConfigProperty(name = "mp.messaging.incoming.products-view.connector") String connector) {
        this.desk = desk;
        this.interval = config.access().expiryInterval();
        this.enabled = "smallrye-kafka".equals(connector);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "governance-access-expiry");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tick() {
        try {
            int ended = desk.expire();
            if (ended > 0) {
                LOG.infof("access: %d grant(s) reached their end date and were revoked", ended);
            }
        } catch (RuntimeException e) {
            LOG.warnf("access: could not revoke the grants that ended (%s); trying again in %s", e, interval);
        }
    }
}
