package dev.meshplane.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import dev.meshplane.client.DeadLetter;
import dev.meshplane.client.DeadLetters;
import dev.meshplane.events.rules.Violation;
import dev.meshplane.topics.Topics;

/**
 * Dead letters of events a Kafka Streams service read but will not apply, because they break an event rule
 * ({@link dev.meshplane.events.rules.EventRules}). The topology has the deserialized event only, not the bytes it came
 * as, so the value is the event in Avro's JSON encoding against its own schema ({@code dead-letter-value-format:
 * avro-json; schema=<full name>}): readable by a person, and by Avro's {@code JsonDecoder} with that schema. The
 * reason header holds the rules' messages, {@code dead-letter-rule} their ids, and the source topic, partition and
 * offset are those of the record that was read; the record is cut to the cap like every dead letter
 * ({@link DeadLetters}). The dead letters go out through the topology's own sink, so under exactly-once they commit
 * with the input offsets and the state changes of the same task.
 */
public final class RuleDeadLetters {

    /** The name of the sink node writing {@code mesh.deadletter}. */
    public static final String SINK = "dead-letters";

    private RuleDeadLetters() {}

    /** Adds the dead-letter sink, fed by {@code parents}. */
    public static void addSink(Topology topology, String... parents) {
        topology.addSink(
                SINK, Topics.DEAD_LETTERS.name(), new ByteArraySerializer(), new ByteArraySerializer(), parents);
    }

    /** The cap for dead letters written by the topology: from its producer's {@code max.request.size}. */
    public static int maxBytes(ProcessingContext context) {
        return DeadLetters.maxBytes(context.appConfigs());
    }

    /** The dead letter of the record being processed. */
    public static Record<byte[], byte[]> of(
            ProcessingContext context, Record<String, ? extends SpecificRecord> record, List<Violation> violations) {
        return context.recordMetadata()
                .map(m -> of(m, record, violations, maxBytes(context)))
                .orElseGet(() -> of(new Source("", -1, -1L), record, violations, maxBytes(context)));
    }

    /** The dead letter of {@code record}, read at {@code source}. */
    public static Record<byte[], byte[]> of(
            RecordMetadata source,
            Record<String, ? extends SpecificRecord> record,
            List<Violation> violations,
            int maxBytes) {
        SpecificRecord event = record.value();
        DeadLetters.Builder builder = DeadLetters.of(source.topic(), source.partition(), source.offset())
                .key(record.key())
                .value(render(event))
                .reason(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")))
                .header(
                        Topics.DLQ_VALUE_FORMAT_HEADER,
                        "avro-json; schema=" + event.getSchema().getFullName())
                .originalHeaders(record.headers())
                .maxBytes(maxBytes);
        violations.forEach(v -> builder.rule(v.rule()));
        DeadLetter dead = builder.build();
        RecordHeaders headers = new RecordHeaders(dead.headers().toArray());
        return new Record<>(dead.key(), dead.value(), record.timestamp(), headers);
    }

    /** The event in Avro's JSON encoding; its {@code toString} if even that fails. */
    static byte[] render(SpecificRecord event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(event.getSchema(), out);
            @SuppressWarnings("unchecked")
            Class<SpecificRecord> type = (Class<SpecificRecord>) event.getClass();
            new SpecificDatumWriter<>(type).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return String.valueOf(event).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The processor's clock: Kafka Streams' cached wall-clock time, which {@code TopologyTestDriver} mocks. Event
     * rules read "now" from it, so a topology test decides what now is.
     */
    public static Clock clockOf(ProcessingContext context) {
        return new ContextClock(context);
    }

    /** Where a record was read, for a dead letter written after the record (a punctuation has no record of its own). */
    public record Source(String topic, int partition, long offset) implements RecordMetadata {

        public static Source of(ProcessingContext context) {
            return context.recordMetadata()
                    .map(m -> new Source(m.topic(), m.partition(), m.offset()))
                    .orElse(new Source("", -1, -1L));
        }
    }

    private static final class ContextClock extends Clock {
        private final ProcessingContext context;

        ContextClock(ProcessingContext context) {
            this.context = context;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this; // the rules read instants only
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(context.currentSystemTimeMs());
        }
    }
}
