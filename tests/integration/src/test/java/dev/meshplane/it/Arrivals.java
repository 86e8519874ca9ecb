package dev.meshplane.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.MeshTopic;

/**
 * Reads an output topic from the beginning, committed records only, on a thread of its own, and notes when each record
 * arrived: what a downstream consumer sees, and when.
 */
final class Arrivals<V> implements AutoCloseable {

    /** A record's value and the {@link System#nanoTime()} it was read at. */
    record Arrival<V>(V value, long nanos) {}

    private final Map<String, Object> harness;
    private final String topic;
    private final List<Arrival<V>> arrivals = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    Arrivals(TestPlatform platform, MeshTopic<V> topic) {
        this.harness = platform.harnessClient();
        this.topic = topic.name();
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(platform.harnessAuth()
                .applyTo(ClientConfigs.avroConsumer(
                        platform.harnessBootstrap(), platform.registryUrl(), "arrivals-" + UUID.randomUUID())));
        List<TopicPartition> partitions = consumer.partitionsFor(this.topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(50))) {
                                arrivals.add(new Arrival<>(r.value(), System.nanoTime()));
                            }
                            partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
                        }
                    }
                },
                "arrivals-" + this.topic);
        reader.setDaemon(true);
        reader.start();
    }

    List<V> values(Predicate<V> match) {
        return arrivals.stream().map(Arrival::value).filter(match).toList();
    }

    /** When the first matching record read after {@code nanos} arrived. */
    Optional<Long> firstAfter(long nanos, Predicate<V> match) {
        return arrivals.stream()
                .filter(a -> a.nanos() > nanos && match.test(a.value()))
                .map(Arrival::nanos)
                .findFirst();
    }

    /**
     * Waits until everything committed so far has been read, so a record read later was committed later. (The
     * committed end of a partition stops at a killed producer's open transaction until it is aborted.)
     */
    void awaitEverythingCommittedSoFar(Duration atMost) {
        Map<TopicPartition, Long> ends = committedEnds();
        Awaitility.await()
                .atMost(atMost)
                .until(() ->
                        ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue()));
    }

    private Map<TopicPartition, Long> committedEnds() {
        try (Admin admin = Admin.create(harness)) {
            Map<TopicPartition, OffsetSpec> latest = new ConcurrentHashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
