package dev.meshplane.catalog.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductUpdates;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.events.rules.EventRules;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.rules.Violation;
import dev.meshplane.events.v1.AccessDecided;
import dev.meshplane.events.v1.AccessGranted;
import dev.meshplane.events.v1.AccessRequested;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.streams.RuleDeadLetters;
import dev.meshplane.topics.Topics;

/**
 * Applies each event to the view of the product it names (the record key), after the checks that keep the catalog
 * honest:
 *
 * <ul>
 *   <li>an event that breaks an event rule ({@link EventRules}: a score of 99, a compliance of -0.14, a decision
 *       stamped 1970) is dead-lettered with the rule and changes nothing;
 *   <li>access events (keyed by request id, {@code productId|team} or {@code productId|group}) go to the {@link
 *       CatalogIndex#access() access index}, and a tombstone on {@code mesh.access.grants} ends the team's grant there;
 *   <li>a check, alert, freshness status or feedback for a product that is not published is held, not applied, and
 *       applied in arrival order as soon as the product's publication is read. One still unpublished after the hold
 *       (wall-clock time) is dead-lettered with {@value EventRules#PRODUCT_KNOWN}. The hold is for a first start:
 *       the catalog then reads every topic from the beginning, and on the compacted {@code mesh.products} a
 *       product's publication carries the time of its latest version, so its older alerts and checks are read
 *       before it. Decisions are applied whatever the product's state: they are how a rejected product is listed.
 * </ul>
 *
 * <p>Everything it keeps is in the task's stores ({@link CatalogTopology}): the views, the held events and the latest
 * access event per key. At start it rebuilds the in-memory indexes from them, and held events wait again for a whole
 * hold. The stores' changelogs are written before the input offsets are committed, so after a crash some records are
 * read again: a view skips a record at or below the offset it has applied from that partition ({@link
 * ProductView#applied}), a held event is not held twice, and an access entry is overwritten by the same event. A
 * record dead-lettered just before a crash may be dead-lettered again: readers of {@code mesh.deadletter} tell copies
 * apart by {@code dead-letter-topic}, {@code -partition} and {@code -offset}.
 */
final class CatalogFold implements Processor<String, SpecificRecord, byte[], byte[]> {

    /** Events held for one product, and in all, at most; beyond, they are dead-lettered at once. */
    static final int MAX_HELD_PER_PRODUCT = 1_000;

    static final int MAX_HELD = 100_000;

    /** Held events are looked at every tenth of the hold, at least this far apart. */
    private static final Duration MIN_TICK = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(CatalogFold.class);

    private final CatalogIndex index;
    private final EventTimeWindow window;
    private final Duration hold;
    private final Map<String, List<Held>> held = new LinkedHashMap<>();
    private int heldCount;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, ProductView> store;
    private KeyValueStore<String, StoredEvent> heldStore;
    private KeyValueStore<String, StoredEvent> accessStore;
    private EventRules rules;
    /** The sequence number of the next held event in this task's held store. */
    private long nextHeld;

    /** An event waiting for its product's publication, where it was read, and its key in the held store. */
    private record Held(Record<String, SpecificRecord> record, RuleDeadLetters.Source source, long heldAt, String at) {

        boolean sameSource(RuleDeadLetters.Source other) {
            return source.equals(other) && source.offset() >= 0;
        }
    }

    CatalogFold(CatalogIndex index, EventTimeWindow window, Duration hold) {
        this.index = index;
        this.window = window;
        this.hold = hold;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(CatalogTopology.PRODUCTS_STORE);
        this.heldStore = context.getStateStore(CatalogTopology.HELD_STORE);
        this.accessStore = context.getStateStore(CatalogTopology.ACCESS_STORE);
        this.rules = new EventRules(RuleDeadLetters.clockOf(context), window);
        held.clear();
        heldCount = 0;
        nextHeld = 0;
        reopen();
        Duration tenth = hold.dividedBy(10);
        context.schedule(
                tenth.compareTo(MIN_TICK) < 0 ? MIN_TICK : tenth, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /**
     * Rebuilds what this task keeps in memory from its stores: the indexes from the views and the access entries, and
     * the held events, which wait a whole hold again. Held events whose product is published already (the process
     * stopped between writing the view and dropping them) are applied now; the view skips what it has applied.
     */
    private void reopen() {
        long started = System.nanoTime();
        int views = 0;
        try (KeyValueIterator<String, ProductView> all = store.all()) {
            while (all.hasNext()) {
                index.update(all.next().value);
                views++;
            }
        }
        int accessEntries = 0;
        try (KeyValueIterator<String, StoredEvent> all = accessStore.all()) {
            while (all.hasNext()) {
                access(all.next().value.value());
                accessEntries++;
            }
        }
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, StoredEvent> all = heldStore.all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredEvent> entry = all.next();
                StoredEvent e = entry.value;
                held.computeIfAbsent(e.key(), k -> new ArrayList<>())
                        .add(new Held(e.record(), e.source(), now, entry.key));
                heldCount++;
                nextHeld = Math.max(nextHeld, heldSequence(entry.key) + 1);
            }
        }
        int heldAtStart = heldCount;
        for (String productId : List.copyOf(held.keySet())) {
            ProductView view = store.get(productId);
            if (view != null && view.published() && release(view)) {
                store.put(productId, view);
                index.update(view);
            }
        }
        if (views + accessEntries + heldAtStart > 0) {
            LOG.infof(
                    "task %s: %,d product views, %,d access entries and %,d held events read from the state folder in"
                            + " %d ms",
                    context.taskId(), views, accessEntries, heldAtStart, (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            grantEnded(record); // the one tombstone that says something: a grant ended
            return;
        }
        RuleDeadLetters.Source source = RuleDeadLetters.Source.of(context);
        if (access(record.value())) {
            accessStore.put(accessKey(source.topic(), record.key()), StoredEvent.of(record, source));
            return;
        }
        List<Violation> broken = rules.check(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        if (!broken.isEmpty()) {
            deadLetter(record, source, broken);
            return;
        }
        SpecificRecord event = record.value();
        ProductView stored = store.get(record.key());
        boolean published = stored != null && stored.published();
        if (!published && !(event instanceof DataProductPublished) && !(event instanceof PolicyDecided)) {
            hold(record, source);
            return;
        }
        ProductView view = stored == null ? ProductUpdates.empty(record.key()) : stored;
        boolean changed = apply(view, event, source);
        if (view.published()) {
            changed |= release(view); // what waited for the publication, in the order it came
        }
        if (changed) {
            store.put(record.key(), view);
            if (event instanceof DataProductPublished || event instanceof PolicyDecided) {
                index.update(view);
            } else {
                index.summarize(view); // a check, alert, status or feedback: the descriptor is as it was
            }
            if (event instanceof AlertStateChanged e) {
                index.alerted(new CatalogIndex.AlertChange(
                        view.productId,
                        e.getAlertId(),
                        e.getState().name(),
                        e.getKind().name(),
                        e.getCheckId(),
                        e.getSummary(),
                        e.getChangedAt().toEpochMilli()));
            }
        }
    }

    /** Applies the events held for {@code view}'s product and drops them from the held store. */
    private boolean release(ProductView view) {
        List<Held> waiting = held.remove(view.productId);
        if (waiting == null) {
            return false;
        }
        heldCount -= waiting.size();
        boolean changed = false;
        for (Held h : waiting) {
            changed |= apply(view, h.record().value(), h.source());
        }
        // The view is written by the caller after this: a crash in between leaves the events held, and they are
        // released again at start (reopen), where the view skips the ones it has.
        waiting.forEach(h -> heldStore.delete(h.at()));
        return changed;
    }

    /**
     * Access events go to the access index, not to a view: they are keyed by request id or {@code productId|...}, so
     * they reach another task than their product's (docs/catalog.md). Each names its product; no rule, no hold.
     */
    private boolean access(SpecificRecord event) {
        if (event instanceof AccessGranted g) {
            index.access().granted(g);
            index.accessChanged(g.getProductId());
        } else if (event instanceof AccessRequested r) {
            index.access().requested(r);
        } else if (event instanceof AccessDecided d) {
            index.access().answered(d);
        } else if (event instanceof ConsumerObserved o) {
            index.access().observed(o);
            index.accessChanged(o.getProductId());
        } else {
            return false;
        }
        return true;
    }

    /** A tombstone on {@code mesh.access.grants} (key {@code productId|team}) ends the team's grant. */
    private void grantEnded(Record<String, SpecificRecord> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        String key = record.key();
        int bar = key == null ? -1 : key.lastIndexOf('|');
        if (!topic.equals(Topics.ACCESS_GRANTS.name()) || bar <= 0) {
            return; // tombstones elsewhere carry nothing for the catalog
        }
        String productId = key.substring(0, bar);
        index.access().grantEnded(productId, key.substring(bar + 1));
        index.accessChanged(productId);
        accessStore.delete(accessKey(topic, key));
    }

    /** An access entry's key: the topic and the record's key, so each entry is that key's latest event. */
    private static String accessKey(String topic, String recordKey) {
        return topic + '\u0000' + recordKey;
    }

    private void hold(Record<String, SpecificRecord> record, RuleDeadLetters.Source source) {
        List<Held> waiting = held.computeIfAbsent(record.key(), k -> new ArrayList<>());
        if (waiting.stream().anyMatch(h -> h.sameSource(source))) {
            return; // read again after a restart: it is held already
        }
        if (waiting.size() >= MAX_HELD_PER_PRODUCT || heldCount >= MAX_HELD) {
            if (waiting.isEmpty()) {
                held.remove(record.key());
            }
            deadLetter(record, source, List.of(EventRules.productKnown(record.key())));
            return;
        }
        // Keys sort by product, then by arrival: the product id, a NUL (below every character of an id) and the
        // sequence number, zero-padded.
        String at = record.key() + '\u0000' + String.format("%019d", nextHeld++);
        heldStore.put(at, StoredEvent.of(record, source));
        waiting.add(new Held(record, source, context.currentSystemTimeMs(), at));
        heldCount++;
    }

    private static long heldSequence(String at) {
        return Long.parseLong(at.substring(at.lastIndexOf('\u0000') + 1));
    }

    /** Wall clock: events that waited the whole hold for a publication are dead-lettered. */
    private void expire(long now) {
        for (Iterator<Map.Entry<String, List<Held>>> products = held.entrySet().iterator(); products.hasNext(); ) {
            Map.Entry<String, List<Held>> product = products.next();
            for (Iterator<Held> it = product.getValue().iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (now - h.heldAt() < hold.toMillis()) {
                    break; // later ones were held later
                }
                it.remove();
                heldCount--;
                heldStore.delete(h.at());
                deadLetter(h.record(), h.source(), List.of(EventRules.productKnown(product.getKey())));
            }
            if (product.getValue().isEmpty()) {
                products.remove();
            }
        }
    }

    /**
     * Applies {@code event}, read at {@code source}, unless the view has applied that partition's record at that
     * offset or later already.
     *
     * @return whether the view changed
     */
    private static boolean apply(ProductView view, SpecificRecord event, RuleDeadLetters.Source source) {
        String partition = source.topic() + "-" + source.partition();
        Long last = view.applied.get(partition);
        if (last != null && source.offset() <= last) {
            return false;
        }
        apply(view, event);
        if (source.offset() >= 0) {
            view.applied.put(partition, source.offset());
        }
        return true;
    }

    private static void apply(ProductView view, SpecificRecord event) {
        if (event instanceof DataProductPublished e) {
            ProductUpdates.published(view, e);
        } else if (event instanceof PolicyDecided e) {
            ProductUpdates.decided(view, e);
        } else if (event instanceof CheckEvaluated e) {
            ProductUpdates.checked(view, e);
        } else if (event instanceof AlertStateChanged e) {
            ProductUpdates.alerted(view, e);
        } else if (event instanceof FreshnessStatusChanged e) {
            ProductUpdates.freshness(view, e);
        } else if (event instanceof ConsumerFeedbackGiven e) {
            ProductUpdates.feedback(view, e);
        } else if (event instanceof IncidentChanged e) {
            ProductUpdates.incident(view, e);
        } else if (event instanceof AlertDeliveryEnded e) {
            ProductUpdates.delivery(view, e);
        }
    }

    private void deadLetter(Record<String, SpecificRecord> record, RuleDeadLetters.Source source, List<Violation> why) {
        LOG.warnf(
                "%s for %s not applied, dead-lettered: %s",
                record.value().getSchema().getName(), record.key(), why);
        context.forward(RuleDeadLetters.of(source, record, why, RuleDeadLetters.maxBytes(context)));
    }
}
