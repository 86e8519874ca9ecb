package dev.meshplane.catalog.streams;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import dev.meshplane.catalog.domain.ProductUpdates;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessStatusChanged;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * Folds every event stream that names a product into one view per product, in the {@value #PRODUCTS_STORE} store.
 * The store is in memory without a changelog: each catalog replica runs its own application id and reads every
 * partition from the beginning, so every replica answers every read and a restart rebuilds the catalog from the
 * topics themselves.
 */
public final class CatalogTopology {

    public static final String PRODUCTS_STORE = "catalog-products";

    private CatalogTopology() {}

    /** The Avro serdes of the input topics; tests pass registry-free ones. */
    public record InputSerdes(
            Serde<DataProductPublished> products,
            Serde<PolicyDecided> decisions,
            Serde<CheckEvaluated> checks,
            Serde<AlertStateChanged> alerts,
            Serde<FreshnessStatusChanged> freshness,
            Serde<ConsumerFeedbackGiven> feedback) {}

    public static Topology build(InputSerdes in, Serde<ProductView> viewSerde, Consumer<ProductView> onChange) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PRODUCTS_STORE), Serdes.String(), viewSerde)
                        .withLoggingDisabled());
        fold(builder, Topics.PRODUCTS, in.products(), ProductUpdates::published, onChange);
        fold(builder, Topics.GOVERNANCE_DECISIONS, in.decisions(), ProductUpdates::decided, onChange);
        fold(builder, Topics.QUALITY_CHECKS, in.checks(), ProductUpdates::checked, onChange);
        fold(builder, Topics.QUALITY_ALERTS, in.alerts(), ProductUpdates::alerted, onChange);
        fold(builder, Topics.FRESHNESS_ALERTS, in.alerts(), ProductUpdates::alerted, onChange);
        fold(builder, Topics.FRESHNESS_STATUS, in.freshness(), ProductUpdates::freshness, onChange);
        fold(builder, Topics.FEEDBACK, in.feedback(), ProductUpdates::feedback, onChange);
        return builder.build();
    }

    private static <V> void fold(
            StreamsBuilder builder,
            MeshTopic<V> topic,
            Serde<V> serde,
            BiConsumer<ProductView, V> update,
            Consumer<ProductView> onChange) {
        builder.stream(topic.name(), Consumed.with(Serdes.String(), serde).withName("read-" + topic.name()))
                .process(() -> new Fold<>(update, onChange), PRODUCTS_STORE);
    }

    /** Applies one event to the view of the product it names (the record key, or the event's own product id). */
    static final class Fold<V> implements Processor<String, V, Void, Void> {
        private final BiConsumer<ProductView, V> update;
        private final Consumer<ProductView> onChange;
        private KeyValueStore<String, ProductView> store;

        Fold(BiConsumer<ProductView, V> update, Consumer<ProductView> onChange) {
            this.update = update;
            this.onChange = onChange;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(PRODUCTS_STORE);
        }

        @Override
        public void process(Record<String, V> record) {
            if (record.value() == null || record.key() == null) {
                return; // tombstones and unkeyed records carry nothing for the catalog
            }
            ProductView view = store.get(record.key());
            if (view == null) {
                view = ProductUpdates.empty(record.key());
            }
            update.accept(view, record.value());
            store.put(record.key(), view);
            onChange.accept(view);
        }
    }
}
