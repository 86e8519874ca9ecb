package dev.meshplane.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Polls a consumer so that one record it cannot deserialize does not stop the reader. A plain {@code poll} throws a
 * {@link RecordDeserializationException} for such a record and stays in front of it, so every later poll throws again:
 * on a compacted topic that is for ever. Here the record is reported (topic, partition, offset, and in plain words
 * why it could not be read: {@link Unreadable}) and stepped over, and reading goes on with the record after it.
 * Every CLI and client reader of the platform's topics polls through this.
 */
public final class SkippingPoller<K, V> {

    private static final System.Logger LOG = System.getLogger(SkippingPoller.class.getName());

    private final org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private final Consumer<String> warnings;

    /** {@code warnings} receives one line per skipped record, e.g. to print it on the user's terminal. */
    public SkippingPoller(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, Consumer<String> warnings) {
        this.consumer = consumer;
        this.warnings = warnings;
    }

    /** Warnings to the JDK's platform logger, for readers without a terminal of their own. */
    public static Consumer<String> logWarnings() {
        return message -> LOG.log(System.Logger.Level.WARNING, message);
    }

    /**
     * The next records, as {@link org.apache.kafka.clients.consumer.Consumer#poll(Duration)}, with every unreadable
     * record on the way skipped and reported. Waits at most {@code timeout} in all.
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return consumer.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (RecordDeserializationException e) {
                skip(e);
                if (System.nanoTime() - deadline >= 0) {
                    return ConsumerRecords.empty();
                }
            }
        }
    }

    private void skip(RecordDeserializationException e) {
        warnings.accept(describe(e));
        consumer.seek(e.topicPartition(), e.offset() + 1);
    }

    /** Where the record is and why it could not be read ({@link Unreadable}, from its bytes and the failure). */
    static String describe(RecordDeserializationException e) {
        TopicPartition tp = e.topicPartition();
        Throwable failure = e.getCause() == null ? e : e.getCause();
        String where = "warning: skipped an unreadable record on " + tp.topic() + " partition " + tp.partition()
                + " offset " + e.offset() + ": ";
        if (e.origin() == RecordDeserializationException.DeserializationExceptionOrigin.KEY) {
            return where + "its key could not be read [" + failure.getClass().getName() + ": " + failure.getMessage()
                    + "]";
        }
        if (e.valueBuffer() == null) { // the exception does not carry the bytes: only the failure can say
            return where + "its value could not be read [" + failure.getClass().getName() + ": " + failure.getMessage()
                    + "]";
        }
        return where + Unreadable.reason(tp.topic(), bytes(e.valueBuffer()), failure);
    }

    private static byte[] bytes(ByteBuffer value) {
        ByteBuffer copy = value.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
