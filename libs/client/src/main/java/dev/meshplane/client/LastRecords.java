package dev.meshplane.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the readable records of some topics end right now, as a {@code read_committed} reader sees them: per
 * partition, the offset after its last committed record that {@code readable} accepts. Not the end offset itself: a
 * transaction's commit marker, an aborted transaction and a record that cannot be deserialized (dead-lettered and
 * skipped) take offsets a reader never processes. Found by reading back from the end offset, a few records first,
 * more only when the tail holds no readable record. The services' readiness probes use it: a replica is ready once it
 * has handled what was there when it started.
 */
public final class LastRecords {

    private static final Duration POLL = Duration.ofMillis(100);

    private LastRecords() {}

    /**
     * Per partition of {@code topics}, the offset after its last record (0 when it has none): for a reader that
     * processes every committed record (governance's views).
     */
    public static Map<TopicPartition, Long> of(
            String bootstrap, KafkaAuth auth, String clientId, Collection<String> topics, Duration timeout) {
        return of(bootstrap, auth, clientId, topics, r -> true, timeout);
    }

    /**
     * Per partition of {@code topics}, the offset after its last readable record (0 when it has none): for a reader
     * that skips what it cannot read (the catalog dead-letters it).
     */
    public static Map<TopicPartition, Long> of(
            String bootstrap,
            KafkaAuth auth,
            String clientId,
            Collection<String> topics,
            Predicate<ConsumerRecord<byte[], byte[]>> readable,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                50,
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId));
        auth.applyTo(config);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> after = new HashMap<>();
            for (TopicPartition tp : partitions) {
                after.put(tp, afterLastRecord(consumer, tp, begins.get(tp), ends.get(tp), readable, deadline));
            }
            return after;
        }
    }

    private static long afterLastRecord(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition tp,
            long begin,
            long end,
            Predicate<ConsumerRecord<byte[], byte[]>> readable,
            long deadline) {
        consumer.assign(List.of(tp));
        for (long back = 8; ; back *= 8) {
            long from = Math.max(begin, end - back);
            consumer.seek(tp, from);
            long last = -1;
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading the tail of " + tp + " took too long");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(tp)) {
                    if (r.offset() < end && r.offset() > last && readable.test(r)) {
                        last = r.offset();
                    }
                }
            }
            if (last >= 0) {
                return last + 1;
            }
            if (from == begin) {
                return 0;
            }
        }
    }
}
