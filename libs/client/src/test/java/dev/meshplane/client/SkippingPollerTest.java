package dev.meshplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import dev.meshplane.topics.Topics;

class SkippingPollerTest {

    private static final TopicPartition PRODUCTS = new TopicPartition(Topics.PRODUCTS.name(), 2);

    /** A broker partition with an unreadable record at {@code bad}: every poll positioned there throws, as Kafka's does. */
    static final class OneUnreadableRecord extends MockConsumer<String, String> {
        private final long bad;

        OneUnreadableRecord(long bad) {
            super("earliest");
            this.bad = bad;
        }

        @Override
        public synchronized ConsumerRecords<String, String> poll(Duration timeout) {
            if (assignment().contains(PRODUCTS) && position(PRODUCTS) == bad) {
                throw new RecordDeserializationException(
                        RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                        PRODUCTS,
                        bad,
                        0L,
                        TimestampType.CREATE_TIME,
                        null,
                        ByteBuffer.wrap(new byte[] {0, 1, 2}),
                        new RecordHeaders(),
                        "Error deserializing VALUE for partition " + PRODUCTS + " at offset " + bad,
                        new IllegalStateException("unknown schema id 99"));
            }
            return super.poll(timeout);
        }
    }

    private static OneUnreadableRecord partitionWithBadRecordAt(long bad, String... values) {
        OneUnreadableRecord consumer = new OneUnreadableRecord(bad);
        consumer.assign(List.of(PRODUCTS));
        consumer.updateBeginningOffsets(Map.of(PRODUCTS, 0L));
        consumer.seekToBeginning(List.of(PRODUCTS));
        consumer.setMaxPollRecords(1); // one record per poll, so the reader reaches the bad offset by itself
        long offset = 0;
        for (String v : values) {
            if (offset == bad) {
                offset++; // the unreadable one: on the broker, never handed out as a record
            }
            consumer.addRecord(new ConsumerRecord<>(PRODUCTS.topic(), PRODUCTS.partition(), offset++, "k", v));
        }
        return consumer;
    }

    @Test
    void aPlainPollIsStuckInFrontOfTheUnreadableRecord() {
        OneUnreadableRecord consumer = partitionWithBadRecordAt(0, "after");

        assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(10)))
                .isInstanceOf(RecordDeserializationException.class);
        assertThatThrownBy(() -> consumer.poll(Duration.ofMillis(10)))
                .isInstanceOf(RecordDeserializationException.class);
    }

    @Test
    void skipsTheUnreadableRecordWarnsWhereItIsAndReturnsTheNextOne() {
        OneUnreadableRecord consumer = partitionWithBadRecordAt(1, "before", "after");
        List<String> warnings = new ArrayList<>();
        SkippingPoller<String, String> poller = new SkippingPoller<>(consumer, warnings::add);

        List<ConsumerRecord<String, String>> first =
                poller.poll(Duration.ofSeconds(1)).records(PRODUCTS);
        List<ConsumerRecord<String, String>> next =
                poller.poll(Duration.ofSeconds(1)).records(PRODUCTS);

        assertThat(first).extracting(ConsumerRecord::value).containsExactly("before");
        assertThat(next).extracting(ConsumerRecord::value).containsExactly("after");
        assertThat(next).extracting(ConsumerRecord::offset).containsExactly(2L);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("skipped an unreadable record on " + Topics.PRODUCTS.name() + " partition 2 offset 1: ")
                // the plain reason, from the record's bytes (0x00 0x01 0x02), then the deserializer's own message
                .contains("a truncated value (3 bytes): it starts with the framing's byte 0 but has no room for the"
                        + " 4-byte schema id; expected an Avro DataProductPublished record")
                .endsWith("[java.lang.IllegalStateException: unknown schema id 99]");
        assertThat(consumer.position(PRODUCTS)).isEqualTo(3);
    }
}
