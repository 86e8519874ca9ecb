package dev.meshplane.catalog.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.config.ReplicaConfig;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.LastRecords;
import dev.meshplane.streams.AvroSerdes;

/**
 * How far this replica has read its input topics. A catalog replica reads every partition into its stores; right
 * after a first start (or a restart after a while) it knows part of the mesh. It has caught up once Kafka Streams is
 * RUNNING and, for every input partition, its consumer group's committed offset has passed the last record that
 * partition held when the process started ({@link LastRecords}: a record that cannot be deserialized does not count,
 * it is dead-lettered and skipped). The committed offset is the one this process committed, or the group's at start
 * for a partition with nothing new to read. Once caught up it stays so: later records are updates, not a replay.
 */
@ApplicationScoped
public class Replay {

    private static final Logger LOG = Logger.getLogger(Replay.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_RETRY = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final String bootstrap;
    private final KafkaAuth auth;
    private final String clientId;
    private final List<String> topics;
    private final String registryUrl;
    private final String groupId;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Map<TopicPartition, Long> ends;
    /** The group's committed offsets when the process started (after the state folder check). */
    private volatile Map<TopicPartition, Long> committedAtStart = Map.of();

    private volatile boolean caughtUp;
    private volatile long startedNanos;

    public Replay(
            KafkaStreams streams,
            CatalogConfig config,
            ReplicaConfig replica,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.kafka-streams.topics") List<String> topics,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId) {
        this.streams = streams;
        this.bootstrap = bootstrap;
        this.auth = KafkaAuth.copiedFrom(kafkaConfig); // the probe authenticates as the service's own clients do
        this.clientId = replica.instanceId() + "-input-ends";
        this.topics = List.copyOf(topics);
        this.registryUrl = config.registryUrl();
        this.groupId = applicationId;
    }

    void onStart(@Observes StartupEvent event) {
        startedNanos = System.nanoTime();
        Thread probe = new Thread(this::readEnds, "catalog-input-ends");
        probe.setDaemon(true);
        probe.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
    }

    /** True once the inputs are replayed as far as they reached at start. */
    public boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        Map<TopicPartition, Long> targets = ends;
        if (targets == null || streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        Map<TopicPartition, Long> committed = committed();
        if (targets.entrySet().stream().allMatch(e -> reached(committed, e.getKey(), e.getValue()))) {
            caughtUp = true;
            LOG.infof(
                    "replayed the input topics as far as they reached at start, %d ms after start",
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
        return caughtUp;
    }

    /** Per input partition still behind: the offset committed / the offset to reach. */
    Map<String, String> behind() {
        Map<TopicPartition, Long> targets = ends;
        Map<String, String> behind = new TreeMap<>();
        if (targets == null) {
            behind.put("ends", "not read yet");
            return behind;
        }
        Map<TopicPartition, Long> committed = committed();
        targets.forEach((tp, end) -> {
            if (!reached(committed, tp, end)) {
                behind.put(tp.toString(), Math.max(0, committed.getOrDefault(tp, 0L)) + "/" + end);
            }
        });
        return behind;
    }

    private static boolean reached(Map<TopicPartition, Long> committed, TopicPartition tp, long end) {
        return end == 0 || committed.getOrDefault(tp, -1L) >= end;
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> committed = new HashMap<>(committedAtStart);
        try {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    task.committedOffsets().forEach((tp, offset) -> committed.merge(tp, offset, Math::max));
                }
            }
        } catch (RuntimeException e) {
            // not started yet, or shutting down: nothing committed to report
        }
        return committed;
    }

    private void readEnds() {
        Deserializer<?> values = AvroSerdes.forReading(registryUrl).deserializer();
        while (ends == null && stopping.getCount() > 0) {
            try {
                committedAtStart = groupOffsets();
                ends = Map.copyOf(
                        LastRecords.of(bootstrap, auth, clientId, topics, r -> readable(values, r), PROBE_TIMEOUT));
                LOG.infof(
                        "reading %d input partitions as far as they reached at start; %d of them from where consumer"
                                + " group %s had committed",
                        ends.size(), committedAtStart.size(), groupId);
            } catch (RuntimeException e) {
                LOG.warnf("could not read where the input topics end yet (%s); trying again", e.toString());
                try {
                    stopping.await(PROBE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** What the replica's consumer group had committed, read before Kafka Streams commits anything new. */
    private Map<TopicPartition, Long> groupOffsets() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        auth.applyTo(settings);
        try (Admin admin = Admin.create(settings)) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, o) -> {
                        if (o != null) {
                            offsets.put(tp, o.offset());
                        }
                    });
            return Map.copyOf(offsets);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read consumer group " + groupId + "'s offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Whether the topology can read the record. A transient failure (the registry could not be reached) says nothing
     * about the record: the probe fails and is tried again, as the stream itself would retry rather than skip.
     */
    private static boolean readable(Deserializer<?> values, ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return true;
        }
        try {
            values.deserialize(record.topic(), record.headers(), record.value());
            return true;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof IOException || t instanceof TimeoutException) {
                    throw new UncheckedIOException(new IOException("could not deserialize " + where(record), e));
                }
            }
            return false;
        }
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
