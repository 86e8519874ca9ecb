package dev.meshplane.freshness.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.Durations;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.streams.Alerts;
import dev.meshplane.streams.EventRuleStep;
import dev.meshplane.streams.RuleDeadLetters;
import dev.meshplane.topics.Topics;

/**
 * Published products and freshness signals in; status changes (compacted) and SLA alerts out. A wall-clock
 * punctuator moves products between FRESH, LATE and BREACHED without any input, so a product whose pipeline stops
 * breaches on time.
 *
 * <p>Two stores, keyed like the input topics so one task owns a product: {@code freshness-tracked} (product id →
 * {@link Tracked}) and {@code freshness-deadlines}, an index whose key is the next deadline (8 bytes, big-endian)
 * followed by the product id. RocksDB keeps it sorted, so a tick reads only the entries that are due, however many
 * products are tracked. Exactly-once v2: a status change, its alert and the state behind them commit together, so a
 * restart neither loses state nor repeats an alert.
 *
 * <p>Every event is checked against its rules first ({@link EventRuleStep}); one that breaks a rule goes to
 * {@code mesh.deadletter} with the rule id and changes nothing, committed in the same transaction.
 */
public final class FreshnessTopology {

    /**
     * The layout version of this topology's state (its stores and their serialized values). Raise it with a change a
     * replica cannot read old state with: each replica then sets its old folder aside once and rebuilds its stores from
     * their changelogs (libs/streams {@code StateFolder}).
     */
    public static final int STATE_LAYOUT = 1;

    public static final String TRACKED_STORE = "freshness-tracked";
    public static final String DEADLINES_STORE = "freshness-deadlines";

    /** Deadlines one tick handles at most (the 1M-product bench peaks at ~1,300 a tick). */
    static final int MAX_PER_TICK = 50_000;

    private static final Logger LOG = Logger.getLogger(FreshnessTopology.class);

    private FreshnessTopology() {}

    /** The serdes of the events; tests pass registry-free ones. */
    public record EventSerdes(
            Serde<DataProductPublished> products,
            Serde<FreshnessSignalled> signals,
            Serde<FreshnessStatusChanged> status,
            Serde<AlertStateChanged> alerts) {}

    /**
     * @param tick how often the wall-clock punctuator looks for passed deadlines
     * @param window how far an event time may lie from when its record was written
     */
    public static Topology build(EventSerdes s, Duration tick, EventTimeWindow window) {
        Topology t = new Topology();
        t.addSource("products", Serdes.String().deserializer(), s.products().deserializer(), Topics.PRODUCTS.name());
        t.addSource(
                "signals", Serdes.String().deserializer(), s.signals().deserializer(), Topics.FRESHNESS_SIGNALS.name());
        // A signal stamped year 9999 would keep a product FRESH for ever, one stamped 1970 would breach it at once:
        // events that break a rule go to the dead letters and never reach the tracker.
        EventRuleStep.addTo(t, "check-products", "products", window, "track");
        EventRuleStep.addTo(t, "check-signals", "signals", window, "track");
        RuleDeadLetters.addSink(t, "check-products", "check-signals");
        t.addProcessor("track", () -> new Track(tick), "check-products", "check-signals");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TRACKED_STORE), Serdes.String(), new TrackedSerde()),
                "track");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DEADLINES_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                "track");
        t.addSink(
                "status",
                Topics.FRESHNESS_STATUS.name(),
                Serdes.String().serializer(),
                s.status().serializer(),
                "track");
        t.addSink(
                "alerts",
                Topics.FRESHNESS_ALERTS.name(),
                Serdes.String().serializer(),
                s.alerts().serializer(),
                "track");
        return t;
    }

    /** The status record a reader of the compacted topic or the HTTP API sees. */
    public static FreshnessStatusChanged status(String productId, Tracked t, long now) {
        return FreshnessStatusChanged.newBuilder()
                .setProductId(productId)
                .setStatus(t.status)
                .setSince(Instant.ofEpochMilli(t.statusSince))
                .setDataUpdatedAt(t.dataUpdatedAt == Tracked.NONE ? null : Instant.ofEpochMilli(t.dataUpdatedAt))
                .setTargetMillis(t.targetMillis)
                .setAlertAfterMillis(t.alertAfterMillis)
                .setCompliance30d(t.complianceAt(now))
                .build();
    }

    static Bytes deadlineKey(long deadline, String productId) {
        byte[] id = productId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(
                ByteBuffer.allocate(8 + id.length).putLong(deadline).put(id).array());
    }

    /** Tracks products and signals; the punctuator walks the deadline index up to the wall clock. */
    static final class Track implements Processor<String, SpecificRecord, String, SpecificRecord> {
        private final Duration tick;
        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, Tracked> tracked;
        private KeyValueStore<Bytes, byte[]> deadlines;

        Track(Duration tick) {
            this.tick = tick;
        }

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.tracked = context.getStateStore(TRACKED_STORE);
            this.deadlines = context.getStateStore(DEADLINES_STORE);
            context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::due);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            long now = context.currentSystemTimeMs();
            if (record.value() instanceof DataProductPublished published) {
                published(record.key(), published, now);
            } else if (record.value() instanceof FreshnessSignalled signal) {
                signalled(record.key(), signal, now);
            }
        }

        private void published(String id, DataProductPublished published, long now) {
            DataProduct p = DescriptorEvents.fromEvent(published.getDescriptor());
            if (p.spec().freshness() == null) {
                return; // governance refuses such products; nothing to watch
            }
            Optional<Duration> target = Durations.parse(p.spec().freshness().target());
            Optional<Duration> alertAfter = Durations.parse(p.spec().freshness().alertAfter());
            if (target.isEmpty() || alertAfter.isEmpty()) {
                // Governance refuses these; a record from elsewhere must not stop the stream.
                LOG.warnf(
                        "%s %s: freshness target %s / alert_after %s are not durations: not tracked",
                        id,
                        published.getVersion(),
                        p.spec().freshness().target(),
                        p.spec().freshness().alertAfter());
                return;
            }
            Tracked t = tracked.get(id);
            boolean isNew = t == null;
            if (isNew) {
                t = new Tracked();
                t.trackedSince = published.getPublishedAt().toEpochMilli();
                t.statusSince = t.trackedSince;
            }
            t.version = published.getVersion();
            t.owner = p.metadata().owner();
            t.oncall = p.metadata().oncall();
            t.targetMillis = target.get().toMillis();
            t.alertAfterMillis = alertAfter.get().toMillis();
            boolean changed = settle(id, t, now, null);
            if (isNew && !changed) {
                context.forward(new Record<>(id, (SpecificRecord) status(id, t, now), now), "status");
            }
        }

        private void signalled(String id, FreshnessSignalled signal, long now) {
            Tracked t = tracked.get(id);
            if (t == null) {
                LOG.warnf(
                        "freshness signal for %s, which is not a published product with a freshness SLA: ignored", id);
                return;
            }
            long at = signal.getDataUpdatedAt().toEpochMilli();
            if (t.dataUpdatedAt != Tracked.NONE && at <= t.dataUpdatedAt) {
                return; // older than what we have seen: it must not make the product look staler
            }
            t.dataUpdatedAt = at;
            if (!settle(id, t, now, signal.getRunId())) {
                // Same status, newer data: the latest record carries the new data time and compliance.
                context.forward(new Record<>(id, (SpecificRecord) status(id, t, now), now), "status");
            }
        }

        /** Wall clock: every product whose deadline has passed moves on; nothing else is read. */
        private void due(long now) {
            // Up to (now + 1, no id): every key whose deadline is <= now, nothing later. Collected first, as the
            // loop below rewrites the index; at most MAX_PER_TICK, so a backlog (after an outage) is worked off over a
            // few ticks while the stream thread keeps polling and committing.
            List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = deadlines.range(deadlineKey(0, ""), deadlineKey(now + 1, ""))) {
                while (it.hasNext() && due.size() < MAX_PER_TICK) {
                    due.add(it.next());
                }
            }
            for (KeyValue<Bytes, byte[]> entry : due) {
                ByteBuffer key = ByteBuffer.wrap(entry.key.get());
                long deadline = key.getLong();
                String id = StandardCharsets.UTF_8.decode(key).toString();
                deadlines.delete(entry.key);
                Tracked t = tracked.get(id);
                if (t == null || t.dueAt != deadline) {
                    continue; // rescheduled since: a stale index entry
                }
                t.dueAt = Tracked.NONE;
                settle(id, t, now, null);
            }
        }

        /**
         * Brings a product's status to what its age says at {@code now}; emits the status change and, on entering or
         * leaving BREACHED, the alert; re-indexes the next deadline and stores the product. Returns whether the
         * status changed.
         */
        private boolean settle(String id, Tracked t, long now, String runId) {
            FreshnessState before = t.status;
            FreshnessState after = t.statusAt(now);
            if (before == FreshnessState.FRESH && after == FreshnessState.BREACHED) {
                // Both deadlines passed since the last tick (the service was down): LATE is recorded on the way.
                t.moveTo(FreshnessState.LATE, now);
                context.forward(new Record<>(id, (SpecificRecord) status(id, t, now), now), "status");
            }
            boolean changed = t.moveTo(after, now);
            t.prune(now);
            if (changed) {
                context.forward(new Record<>(id, (SpecificRecord) status(id, t, now), now), "status");
                if (t.status == FreshnessState.BREACHED) {
                    alert(id, t, AlertState.FIRING, now, runId);
                } else if (before == FreshnessState.BREACHED) {
                    alert(id, t, AlertState.RESOLVED, now, runId);
                }
            }
            long next = t.nextDeadline();
            if (next != t.dueAt) {
                if (t.dueAt != Tracked.NONE) {
                    deadlines.delete(deadlineKey(t.dueAt, id));
                }
                if (next != Tracked.NONE) {
                    deadlines.put(deadlineKey(next, id), new byte[0]);
                }
                t.dueAt = next;
            }
            tracked.put(id, t);
            return changed;
        }

        private void alert(String id, Tracked t, AlertState state, long now, String runId) {
            Map<String, String> details = new LinkedHashMap<>();
            long deadline = t.reference() + t.alertAfterMillis + 1;
            details.put("deadline", Instant.ofEpochMilli(deadline).toString());
            details.put("age", Duration.ofMillis(t.ageAt(now)).toString());
            details.put("target", Duration.ofMillis(t.targetMillis).toString());
            details.put("alertAfter", Duration.ofMillis(t.alertAfterMillis).toString());
            if (t.dataUpdatedAt != Tracked.NONE) {
                details.put(
                        "dataUpdatedAt", Instant.ofEpochMilli(t.dataUpdatedAt).toString());
            }
            if (runId != null) {
                details.put("runId", runId);
            }
            String summary = state == AlertState.FIRING
                    ? id + ": data is " + human(t.ageAt(now)) + " old, past the " + human(t.alertAfterMillis)
                            + " alert threshold (" + human(t.ageAt(now) - t.alertAfterMillis) + " late)"
                    : id + ": fresh again, data is " + human(t.ageAt(now)) + " old";
            context.forward(
                    new Record<>(
                            id,
                            (SpecificRecord) Alerts.freshness(id, t.owner, t.oncall)
                                    .changed(state, summary, Instant.ofEpochMilli(now), details),
                            now),
                    "alerts");
        }

        static String human(long millis) {
            Duration d = Duration.ofMillis(Math.max(0, millis));
            if (d.toDays() > 0) {
                return d.toDays() + "d" + (d.toHoursPart() > 0 ? d.toHoursPart() + "h" : "");
            }
            if (d.toHours() > 0) {
                return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
            }
            if (d.toMinutes() > 0) {
                return d.toMinutes() + "m" + (d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : "");
            }
            return d.toSeconds() + "s";
        }
    }
}
