package dev.meshplane.governance.access;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.governance.config.GovernanceConfig;

/**
 * Keeps the broker's team ACLs equal to the grants: once the {@link AccessLedger} has read {@code mesh.access.grants}
 * (compacted: the current grants), and again after every change, every {@code meshplane.access.reconcile-interval} and
 * at the moment a grant's end date passes, compares the ACLs of {@code Team:} principals ({@link AccessAcls}) with
 * what the grants that have not ended come to, creates what is missing and deletes what no grant backs (a revoked or
 * ended grant, or an ACL someone added or removed by hand). What it changed is logged. Every replica does the same;
 * the result is the same.
 */
@ApplicationScoped
public class AccessEnforcer {

    private static final Logger LOG = Logger.getLogger(AccessEnforcer.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    /** What one comparison did. */
    public record Reconciled(Instant at, int grants, int created, int deleted) {}

    private final Map<String, Object> client;
    private final AccessLedger ledger;
    private final boolean enabled;
    private final Duration interval;
    private volatile boolean stopping;
    private volatile Reconciled last;
    private Thread worker;

    public AccessEnforcer(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.products-view.connector") String connector,
            AccessLedger ledger,
            GovernanceConfig config) {
        this.client = new HashMap<>();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        KafkaAuth.copiedFrom(kafkaConfig).applyTo(client);
        this.ledger = ledger;
        this.enabled = config.access().enforce() && "smallrye-kafka".equals(connector);
        this.interval = config.access().reconcileInterval();
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return; // in-memory channels (the fast tests), or switched off
        }
        worker = new Thread(this::run, "governance-access");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** The last comparison, or null before the first. */
    public Reconciled last() {
        return last;
    }

    private void run() {
        while (!stopping) {
            try (Admin admin = Admin.create(client)) {
                enforce(admin);
            } catch (NoAuthorizer e) {
                LOG.infof(
                        "access: the broker has no authorizer (%s): team ACLs are not set, every client reads"
                                + " everything; the grants are still written",
                        e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warnf("access: could not set the team ACLs (%s); trying again in %s", e, RETRY);
                sleep(RETRY);
            }
        }
    }

    private void enforce(Admin admin) throws InterruptedException {
        while (!stopping && !ledger.loaded()) {
            Thread.sleep(200);
        }
        while (!stopping) {
            long seen = ledger.changeCount();
            Instant now = Instant.now();
            List<AccessGranted> live = ledger.grants().stream()
                    .filter(g -> !AccessLedger.expired(g, now))
                    .toList();
            reconcile(admin, live);
            Duration wait = interval;
            for (AccessGranted g : live) {
                if (g.getUntil() != null) {
                    Duration left = Duration.between(now, g.getUntil()).plusMillis(20);
                    wait = left.compareTo(wait) < 0 ? left : wait;
                }
            }
            ledger.awaitChange(seen, wait);
        }
    }

    private void reconcile(Admin admin, List<AccessGranted> grants) {
        try {
            AccessAcls.Changes changes = AccessAcls.reconcile(admin, grants, Duration.ofSeconds(30));
            last = new Reconciled(
                    Instant.now(), grants.size(), changes.created().size(), changes.deleted());
            if (!changes.created().isEmpty() || changes.deleted() > 0) {
                LOG.infof(
                        "access: %d team ACL(s) created, %d deleted, to match %d grant(s)%s",
                        changes.created().size(),
                        changes.deleted(),
                        grants.size(),
                        changes.created().isEmpty() ? "" : ": " + describe(changes.created()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException disabled) {
                throw new NoAuthorizer(disabled.getMessage());
            }
            throw new IllegalStateException("reconciling the team ACLs failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("reconciling the team ACLs timed out", e);
        }
    }

    /** A broker without an authorizer (a development broker, compose): there is nothing to enforce. */
    private static final class NoAuthorizer extends RuntimeException {
        NoAuthorizer(String message) {
            super(message);
        }
    }

    /** "Team:analytics READ topic sales.orders-daily-summary.v*, ..." (the first ten, then how many more). */
    static String describe(List<AclBinding> bindings) {
        String shown = String.join(
                ", ",
                bindings.stream()
                        .limit(10)
                        .map(b -> b.entry().principal() + " " + b.entry().operation() + " "
                                + b.pattern().resourceType().name().toLowerCase() + " "
                                + b.pattern().name()
                                + (b.pattern().patternType() == PatternType.PREFIXED ? "*" : ""))
                        .toList());
        return bindings.size() > 10 ? shown + " and " + (bindings.size() - 10) + " more" : shown;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
