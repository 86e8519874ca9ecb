package dev.meshplane.catalog.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.ConsumerObserved;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessStatusChanged;
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
 *       (wall-clock time) is dead-lettered with {@value EventRules#PRODUCT_KNOWN}. The hold is for start-up: the
 *       catalog replays every topic from the beginning, and on the compacted {@code mesh.products} a product's
 *       publication carries the time of its latest version, so its older alerts and checks are read before it.
 *       Decisions are applied whatever the product's state: they are how a rejected product is listed.
 * </ul>
 *
 * <p>The held events live in this processor, like the store, and are rebuilt by the replay after a restart. A replay
 * dead-letters again what it dead-lettered before (every replica, every start): readers of {@code mesh.deadletter} tell
 * copies apart by {@code dead-letter-topic}, {@code -partition} and {@code -offset}.
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
    private EventRules rules;

    /** An event waiting for its product's publication, and where it was read. */
    private record Held(Record<String, SpecificRecord> record, RuleDeadLetters.Source source, long heldAt) {}

    CatalogFold(CatalogIndex index, EventTimeWindow window, Duration hold) {
        this.index = index;
        this.window = window;
        this.hold = hold;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(CatalogTopology.PRODUCTS_STORE);
        this.rules = new EventRules(RuleDeadLetters.clockOf(context), window);
        held.clear();
        heldCount = 0;
        Duration tenth = hold.dividedBy(10);
        context.schedule(
                tenth.compareTo(MIN_TICK) < 0 ? MIN_TICK : tenth, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            grantEnded(record); // the one tombstone that says something: a grant ended
            return;
        }
        if (access(record.value())) {
            return;
        }
        List<Violation> broken = rules.check(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        if (!broken.isEmpty()) {
            deadLetter(record, RuleDeadLetters.Source.of(context), broken);
            return;
        }
        SpecificRecord event = record.value();
        ProductView stored = store.get(record.key());
        boolean published = stored != null && stored.published();
        if (!published && !(event instanceof DataProductPublished) && !(event instanceof PolicyDecided)) {
            hold(record);
            return;
        }
        ProductView view = stored == null ? ProductUpdates.empty(record.key()) : stored;
        apply(view, event);
        if (event instanceof DataProductPublished) {
            List<Held> waiting = held.remove(record.key()); // what waited for the publication, in the order it came
            if (waiting != null) {
                heldCount -= waiting.size();
                waiting.forEach(h -> apply(view, h.record().value()));
            }
        }
        store.put(record.key(), view);
        index.update(view);
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
    }

    private void hold(Record<String, SpecificRecord> record) {
        List<Held> waiting = held.computeIfAbsent(record.key(), k -> new ArrayList<>());
        if (waiting.size() >= MAX_HELD_PER_PRODUCT || heldCount >= MAX_HELD) {
            deadLetter(record, RuleDeadLetters.Source.of(context), List.of(EventRules.productKnown(record.key())));
            return;
        }
        waiting.add(new Held(record, RuleDeadLetters.Source.of(context), context.currentSystemTimeMs()));
        heldCount++;
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
                deadLetter(h.record(), h.source(), List.of(EventRules.productKnown(product.getKey())));
            }
            if (product.getValue().isEmpty()) {
                products.remove();
            }
        }
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
        }
    }

    private void deadLetter(Record<String, SpecificRecord> record, RuleDeadLetters.Source source, List<Violation> why) {
        LOG.warnf(
                "%s for %s not applied, dead-lettered: %s",
                record.value().getSchema().getName(), record.key(), why);
        context.forward(RuleDeadLetters.of(source, record, why, RuleDeadLetters.maxBytes(context)));
    }
}
