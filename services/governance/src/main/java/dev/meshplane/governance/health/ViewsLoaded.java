package dev.meshplane.governance.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.LastRecords;
import dev.meshplane.governance.config.ReplicaConfig;
import dev.meshplane.topics.Topics;

/**
 * Whether this replica has read its views ({@code mesh.products}: published versions, {@code
 * mesh.governance.decisions}: decided request ids) as far as they reached when it started. Before that, a request
 * would be judged against a partial view: a version compared with an older one, a request decided twice. So requests
 * wait ({@link DecideAfterViews}) and readiness is DOWN ({@link ViewsReadiness}) until then.
 *
 * <p>At start a background task reads where each view partition's records end ({@link LastRecords}); the view
 * channels report every record they have handled ({@link ViewProgress}). The views are loaded once every partition
 * has been handled up to its end; they stay loaded (later records only add to them).
 */
@ApplicationScoped
public class ViewsLoaded {

    static final List<String> TOPICS = List.of(Topics.PRODUCTS.name(), Topics.GOVERNANCE_DECISIONS.name());

    private static final Logger LOG = Logger.getLogger(ViewsLoaded.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_RETRY = Duration.ofSeconds(1);

    private final String bootstrap;
    private final KafkaAuth auth;
    private final String clientId;
    private final boolean viewsOnKafka;
    private final Map<TopicPartition, Long> handled = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Map<TopicPartition, Long> ends;
    private volatile long startedNanos;

    public ViewsLoaded(
            ReplicaConfig replica,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.products-view.connector") String productsConnector,
            @ConfigProperty(name = "mp.messaging.incoming.decisions-view.connector") String decisionsConnector) {
        this.bootstrap = bootstrap;
        this.auth = KafkaAuth.copiedFrom(kafkaConfig); // the probe authenticates as the service's own clients do
        this.clientId = replica.instanceId() + "-view-ends";
        this.viewsOnKafka = "smallrye-kafka".equals(productsConnector) && "smallrye-kafka".equals(decisionsConnector);
    }

    void onStart(@Observes StartupEvent event) {
        startedNanos = System.nanoTime();
        if (!viewsOnKafka) {
            ends = Map.of(); // in-memory channels (the fast tests): nothing to catch up with
            loaded.countDown();
            return;
        }
        Thread probe = new Thread(this::readEnds, "governance-view-ends");
        probe.setDaemon(true);
        probe.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    /** A view channel has handled the record at {@code offset}. */
    void handled(String topic, int partition, long offset) {
        handled.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
        checkLoaded();
    }

    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /**
     * Waits until the views are loaded; false when the service stops first. Used on the request consumer's thread,
     * before its first record.
     */
    boolean awaitLoaded() {
        while (!isLoaded()) {
            try {
                if (loaded.await(200, TimeUnit.MILLISECONDS) || stopping.await(0, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return isLoaded();
    }

    /** Per view partition that is not loaded yet: the offset handled up to / the offset to reach. */
    Map<String, String> behind() {
        Map<TopicPartition, Long> targets = ends;
        Map<String, String> behind = new TreeMap<>();
        if (targets == null) {
            behind.put("ends", "not read yet");
            return behind;
        }
        targets.forEach((tp, end) -> {
            long at = handled.getOrDefault(tp, 0L);
            if (at < end) {
                behind.put(tp.toString(), at + "/" + end);
            }
        });
        return behind;
    }

    private void readEnds() {
        while (ends == null && stopping.getCount() > 0) {
            try {
                ends = Map.copyOf(LastRecords.of(bootstrap, auth, clientId, TOPICS, PROBE_TIMEOUT));
                LOG.infof("loading the views up to %s", readable(ends));
                checkLoaded();
            } catch (RuntimeException e) {
                LOG.warnf("could not read where the views end yet (%s); trying again", e.toString());
                try {
                    stopping.await(PROBE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Map<String, Long> readable(Map<TopicPartition, Long> offsets) {
        Map<String, Long> sorted = new TreeMap<>();
        offsets.forEach((tp, offset) -> sorted.put(tp.toString(), offset));
        return sorted;
    }

    private void checkLoaded() {
        Map<TopicPartition, Long> targets = ends;
        if (targets == null || isLoaded()) {
            return;
        }
        boolean all = targets.entrySet().stream().allMatch(e -> handled.getOrDefault(e.getKey(), 0L) >= e.getValue());
        if (all) {
            loaded.countDown();
            LOG.infof(
                    "views loaded up to where they ended at start, %d ms after start",
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }
}
