package dev.meshplane.streams;

import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import dev.meshplane.events.rules.EventRules;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.rules.Violation;

/**
 * The step between a source and the processor that changes state: an event that breaks an event rule
 * ({@link EventRules}) goes to the dead-letter sink ({@link RuleDeadLetters}) and nowhere else; every other record
 * (tombstones too, which the next processor skips) goes on to {@code next}. "Now" for the event-time rules is the
 * task's wall clock, and event times are measured from the record's timestamp, so a replay decides as the live run
 * did.
 */
public final class EventRuleStep implements Processor<String, SpecificRecord, Object, Object> {

    private static final Logger LOG = Logger.getLogger(EventRuleStep.class);

    private final EventTimeWindow window;
    private final String next;
    private ProcessorContext<Object, Object> context;
    private EventRules rules;

    private EventRuleStep(EventTimeWindow window, String next) {
        this.window = window;
        this.next = next;
    }

    /** A step forwarding valid events to the processor named {@code next}; add it with {@link #addTo}. */
    public static ProcessorSupplier<String, SpecificRecord, Object, Object> checking(
            EventTimeWindow window, String next) {
        return () -> new EventRuleStep(window, next);
    }

    /**
     * Adds a step named {@code name} reading {@code source}, checking the rules and forwarding to {@code next}; the
     * caller connects {@code next} to {@code name} and adds the dead-letter sink ({@link RuleDeadLetters#addSink}).
     */
    public static void addTo(Topology topology, String name, String source, EventTimeWindow window, String next) {
        topology.addProcessor(name, checking(window, next), source);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.rules = new EventRules(RuleDeadLetters.clockOf(context), window);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            context.forward(record, next);
            return;
        }
        List<Violation> violations =
                rules.check(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        if (violations.isEmpty()) {
            context.forward(record, next);
            return;
        }
        Record<byte[], byte[]> dead = RuleDeadLetters.of(context, record, violations);
        LOG.warnf(
                "%s for %s breaks %s: dead-lettered, not applied",
                record.value().getSchema().getName(), record.key(), violations);
        context.forward(dead, RuleDeadLetters.SINK);
    }
}
