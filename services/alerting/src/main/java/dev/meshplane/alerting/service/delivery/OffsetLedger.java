package dev.meshplane.alerting.service.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, up to (not including) the oldest record whose deliveries have not all
 * ended. Deliveries end out of order (a failing destination holds its records while others finish), so a record read
 * later may end first; the committed offset never passes one still in flight. After a crash the group resumes at the
 * oldest unfinished record: everything after it is delivered again, under the same delivery keys. Thread-safe: the
 * poll loop starts records, the couriers' threads end them.
 */
public final class OffsetLedger {

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    private static final class Partition {
        final TreeSet<Long> inFlight = new TreeSet<>();
        long next = -1; // one past the highest offset started
        long committed = -1;
    }

    /** The record at {@code offset} was read; its deliveries are about to start. */
    public synchronized void started(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
        p.inFlight.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    /** Every delivery of the record at {@code offset} ended (delivered or dead, its outcome written). */
    public synchronized void ended(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.inFlight.remove(offset);
        }
    }

    /** The partition was taken away: what is still in flight there is the new owner's to deliver again. */
    public synchronized void forget(TopicPartition tp) {
        partitions.remove(tp);
    }

    /** How many records have deliveries not yet ended. */
    public synchronized int inFlight() {
        return partitions.values().stream().mapToInt(p -> p.inFlight.size()).sum();
    }

    /**
     * The offsets to commit now: for each partition whose committable position moved since the last call, the oldest
     * record in flight, or one past the last record started when none is.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.next < 0) {
                return;
            }
            long position = p.inFlight.isEmpty() ? p.next : p.inFlight.first();
            if (position > p.committed) {
                out.put(tp, new OffsetAndMetadata(position));
            }
        });
        return out;
    }

    /** {@code offsets} were committed. */
    public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.committed = Math.max(p.committed, o.offset());
            }
        });
    }
}
