package dev.meshplane.catalog.streams;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.events.rules.EventTimeWindow;
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
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * Folds every event stream that names a product into one view per product, in the {@value #PRODUCTS_STORE} store.
 * Each catalog replica is an application of its own ({@code meshplane-<instance id>-v<layout>}) that reads every
 * partition, so every replica answers every read. Its stores are RocksDB on the replica's disk, each with the
 * replica's own changelog topic, as Kafka Streams keeps any store: a restart opens the stores where they were and
 * reads on from the committed offsets, after a crash Kafka Streams first restores what the changelog holds beyond the
 * last checkpoint, and a new state folder is restored from the changelog whole. Records read again after a crash
 * change nothing ({@link CatalogFold}).
 *
 * <p>Beside the views: {@value #HELD_STORE}, the events waiting for their product's publication, and
 * {@value #ACCESS_STORE}, the latest access event per key, from which the access index is rebuilt at start.
 *
 * <p>One processor ({@link CatalogFold}) reads all the topics, so it can hold back an event for a product it has not
 * seen published yet and apply it when the publication comes. Events that break an event rule, and events for a
 * product that is still unpublished after the hold, go to {@code mesh.deadletter} and change no view.
 */
public final class CatalogTopology {

    public static final String PRODUCTS_STORE = "catalog-products";

    /** Events for a product not published yet, by product and arrival. */
    static final String HELD_STORE = "catalog-held";

    /** The latest access event per topic and key (a grant's tombstone deletes its entry). */
    static final String ACCESS_STORE = "catalog-access";

    /**
     * The layout version of the catalog's state ({@code StateFolder}, and the {@code -v<layout>} ending of the
     * application id in application.properties): raise both when this build cannot read what the previous one stored
     * (a view's JSON, {@link StoredEvent}'s format or a stored event's Avro schema). Every replica then sets its folder
     * aside and, as a new application (new consumer group, new changelogs), reads its inputs from the beginning once.
     */
    public static final int STATE_LAYOUT = 1;

    /** How long an event for a product not (yet) published is held before it is dead-lettered. */
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);

    static final String FOLD = "fold";

    private CatalogTopology() {}

    /** The Avro serdes of the input topics; tests pass registry-free ones. */
    public record InputSerdes(
            Serde<DataProductPublished> products,
            Serde<PolicyDecided> decisions,
            Serde<CheckEvaluated> checks,
            Serde<AlertStateChanged> alerts,
            Serde<FreshnessStatusChanged> freshness,
            Serde<ConsumerFeedbackGiven> feedback,
            Serde<AccessRequested> accessRequests,
            Serde<AccessDecided> accessDecisions,
            Serde<AccessGranted> accessGrants,
            Serde<ConsumerObserved> observedReaders,
            Serde<IncidentChanged> incidents,
            Serde<AlertDeliveryEnded> deliveries) {}

    /** The catalog with the default event-time window and hold. */
    public static Topology build(InputSerdes in, Serde<ProductView> viewSerde, CatalogIndex index) {
        return build(in, viewSerde, index, EventTimeWindow.DEFAULT, DEFAULT_HOLD);
    }

    /**
     * @param window how far an event time may lie from when its record was written
     * @param hold how long an event for a product that is not published yet waits for its publication
     */
    public static Topology build(
            InputSerdes in, Serde<ProductView> viewSerde, CatalogIndex index, EventTimeWindow window, Duration hold) {
        Topology t = new Topology();
        String[] sources = {
            source(t, Topics.PRODUCTS, in.products()),
            source(t, Topics.GOVERNANCE_DECISIONS, in.decisions()),
            source(t, Topics.QUALITY_CHECKS, in.checks()),
            source(t, Topics.QUALITY_ALERTS, in.alerts()),
            source(t, Topics.FRESHNESS_ALERTS, in.alerts()),
            source(t, Topics.FRESHNESS_STATUS, in.freshness()),
            source(t, Topics.FEEDBACK, in.feedback()),
            source(t, Topics.ACCESS_REQUESTS, in.accessRequests()),
            source(t, Topics.ACCESS_DECISIONS, in.accessDecisions()),
            source(t, Topics.ACCESS_GRANTS, in.accessGrants()),
            source(t, Topics.ACCESS_OBSERVED, in.observedReaders()),
            source(t, Topics.INCIDENTS, in.incidents()),
            source(t, Topics.ALERT_DELIVERIES, in.deliveries())
        };
        t.addProcessor(FOLD, () -> new CatalogFold(index, window, hold), sources);
        t.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRODUCTS_STORE), Serdes.String(), viewSerde)
                        .withCachingEnabled(),
                FOLD);
        for (String store : new String[] {HELD_STORE, ACCESS_STORE}) {
            t.addStateStore(
                    Stores.keyValueStoreBuilder(
                                    Stores.persistentKeyValueStore(store), Serdes.String(), StoredEvent.serde())
                            .withCachingEnabled(),
                    FOLD);
        }
        RuleDeadLetters.addSink(t, FOLD);
        return t;
    }

    private static <V extends SpecificRecord> String source(Topology t, MeshTopic<V> topic, Serde<V> serde) {
        String name = "read-" + topic.name();
        t.addSource(name, Serdes.String().deserializer(), serde.deserializer(), topic.name());
        return name;
    }
}
