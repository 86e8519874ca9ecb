package dev.meshplane.governance.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.SkippingPoller;
import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.topics.Topics;

/**
 * Governance's view of access: the requests ({@code mesh.access.requests}), their answers ({@code
 * mesh.access.decisions}), the current grants ({@code mesh.access.grants}) and the readers the broker showed ({@code
 * mesh.access.observed}), all four compacted and read whole from the beginning by every replica, then followed. What
 * this replica writes is applied at once as well ({@link #applied}), so an answer right after a write sees it; another
 * replica sees it as soon as it has read it (its poll waits at most 200 ms).
 */
@ApplicationScoped
public class AccessLedger {

    private static final Logger LOG = Logger.getLogger(AccessLedger.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final List<String> TOPICS = List.of(
            Topics.ACCESS_REQUESTS.name(),
            Topics.ACCESS_DECISIONS.name(),
            Topics.ACCESS_GRANTS.name(),
            Topics.ACCESS_OBSERVED.name());

    /** One record of the ledger's topics: a value, or a tombstone ({@code value} null). */
    public record Entry(String topic, String key, Object value) {}

    private final Map<String, AccessRequested> requests = new ConcurrentHashMap<>();
    private final Map<String, AccessDecided> decisions = new ConcurrentHashMap<>();
    private final Map<String, AccessGranted> grants = new ConcurrentHashMap<>();
    private final Map<String, ConsumerObserved> observed = new ConcurrentHashMap<>();
    /** Where reading goes on after a lost connection, per partition (an unreadable record is skipped again). */
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();

    private final Object changes = new Object();
    private long changeCount;
    private volatile boolean loaded;
    private volatile boolean stopping;
    private Map<String, Object> consumerConfig;
    private Thread worker;

    /** A ledger nobody feeds from Kafka (unit tests; the in-memory channels): loaded, and empty until applied to. */
    public AccessLedger() {
        this.loaded = true;
    }

    @Inject
    AccessLedger(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "meshplane.registry-url") String registryUrl,
            @ConfigProperty(name = "mp.messaging.incoming.products-view.connector") String connector) {
        if ("smallrye-kafka".equals(connector)) {
            Map<String, Object> c =
                    ClientConfigs.avroConsumer((String) kafkaConfig.get("bootstrap.servers"), registryUrl, null);
            KafkaAuth.copiedFrom(kafkaConfig).applyTo(c);
            c.put("isolation.level", "read_committed");
            this.consumerConfig = c;
        } else {
            this.loaded = true; // the fast tests: nothing to read
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (consumerConfig == null) {
            return;
        }
        worker = new Thread(this::run, "governance-access-ledger");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** True once the four topics have been read to where they ended when this replica started. */
    public boolean loaded() {
        return loaded;
    }

    public Optional<AccessRequested> request(String requestId) {
        return Optional.ofNullable(requests.get(requestId));
    }

    public Optional<AccessDecided> decision(String requestId) {
        return Optional.ofNullable(decisions.get(requestId));
    }

    public Optional<AccessGranted> grant(String productId, String team) {
        return Optional.ofNullable(grants.get(AccessKeys.of(productId, team)));
    }

    /** Every current grant, expired ones included until their revocation is written. */
    public Collection<AccessGranted> grants() {
        return List.copyOf(grants.values());
    }

    /** The grants of one product, by team. */
    public List<AccessGranted> grantsOf(String productId) {
        return grants.values().stream()
                .filter(g -> g.getProductId().equals(productId))
                .sorted(Comparator.comparing(AccessGranted::getTeam))
                .toList();
    }

    /** The latest observation of every consumer group seen on a product, by {@code productId|group}. */
    public Map<String, ConsumerObserved> observations() {
        return Map.copyOf(observed);
    }

    /** Requests nobody has answered yet, oldest first; of one product, or of all ({@code productId} null). */
    public List<AccessRequested> pending(String productId) {
        return requests.values().stream()
                .filter(r -> !decisions.containsKey(r.getRequestId()))
                .filter(r -> productId == null || r.getProductId().equals(productId))
                .sorted(Comparator.comparing(AccessRequested::getRequestedAt)
                        .thenComparing(AccessRequested::getRequestId))
                .toList();
    }

    /** The request of {@code team} for {@code productId} that is still waiting, if any. */
    public Optional<AccessRequested> pendingFor(String productId, String team) {
        return pending(productId).stream().filter(r -> r.getTeam().equals(team)).findFirst();
    }

    /** The answered requests of one product, newest answer first. */
    public List<AccessDecided> decisionsOf(String productId) {
        return decisions.values().stream()
                .filter(d -> d.getProductId().equals(productId))
                .sorted(Comparator.comparing(AccessDecided::getDecidedAt).reversed())
                .toList();
    }

    /** Applies what this replica has just written (committed), before it reads it back. */
    public void applied(List<Entry> written) {
        written.forEach(e -> apply(e.topic(), e.key(), e.value()));
        changed();
    }

    /** How many changes the ledger has seen; pass it to {@link #awaitChange} to wait for the next one. */
    public long changeCount() {
        synchronized (changes) {
            return changeCount;
        }
    }

    /** Waits until the ledger has changed since {@code seen} (true) or {@code max} has passed (false). */
    public boolean awaitChange(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changes) {
            while (changeCount == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changes.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void changed() {
        synchronized (changes) {
            changeCount++;
            changes.notifyAll();
        }
    }

    private void run() {
        while (!stopping) {
            Map<String, Object> c = new HashMap<>(consumerConfig);
            c.put("client.id", "governance-access-ledger-" + Long.toHexString(System.nanoTime()));
            try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c)) {
                follow(consumer);
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warnf(
                        "access: could not read the requests, decisions, grants and readers (%s); trying again in %s",
                        e, RETRY);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void follow(KafkaConsumer<String, Object> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        for (TopicPartition p : partitions) {
            Long resume = next.get(p);
            if (resume == null) {
                consumer.seekToBeginning(List.of(p));
            } else {
                consumer.seek(p, resume); // after a lost connection: go on, never re-read into what is kept
            }
        }
        SkippingPoller<String, Object> poller = new SkippingPoller<>(consumer, w -> LOG.warnf("access: %s", w));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (!stopping && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            poller.poll(Duration.ofMillis(200)).forEach(this::apply);
        }
        if (!loaded) {
            loaded = true;
            LOG.infof(
                    "access: %d request(s), %d decision(s), %d grant(s), %d observed reader(s) read",
                    requests.size(), decisions.size(), grants.size(), observed.size());
        }
        changed();
        while (!stopping) {
            var records = poller.poll(Duration.ofMillis(200));
            records.forEach(this::apply);
            if (!records.isEmpty()) {
                changed();
            }
        }
    }

    private void apply(ConsumerRecord<String, Object> record) {
        apply(record.topic(), record.key(), record.value());
        next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }

    private void apply(String topic, String key, Object value) {
        if (key == null) {
            return;
        }
        if (topic.equals(Topics.ACCESS_GRANTS.name())) {
            if (value instanceof AccessGranted g) {
                grants.put(key, g);
            } else if (value == null) {
                grants.remove(key);
            }
        } else if (topic.equals(Topics.ACCESS_REQUESTS.name()) && value instanceof AccessRequested r) {
            requests.put(key, r);
        } else if (topic.equals(Topics.ACCESS_DECISIONS.name()) && value instanceof AccessDecided d) {
            decisions.put(key, d);
        } else if (topic.equals(Topics.ACCESS_OBSERVED.name()) && value instanceof ConsumerObserved o) {
            observed.put(key, o);
        }
    }

    /** A grant whose end date has passed at {@code now}. */
    public static boolean expired(AccessGranted grant, Instant now) {
        return grant.getUntil() != null && !grant.getUntil().isAfter(now);
    }
}
