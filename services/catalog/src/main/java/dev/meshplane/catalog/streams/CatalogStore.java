package dev.meshplane.catalog.streams;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.meshplane.catalog.domain.ProductView;

/**
 * Reads full product views from the local state store (every replica holds every product). Lists, filters and
 * signals use the compact summaries in {@code CatalogIndex} instead, so no request deserializes every view.
 */
@ApplicationScoped
public class CatalogStore {

    private final KafkaStreams streams;

    public CatalogStore(KafkaStreams streams) {
        this.streams = streams;
    }

    public Optional<ProductView> get(String productId) {
        return Optional.ofNullable(store().get(productId));
    }

    private ReadOnlyKeyValueStore<String, ProductView> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(
                    CatalogTopology.PRODUCTS_STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new CatalogNotReadyException("the catalog is still loading the mesh's topics; retry in a moment");
        }
    }

    /** The store is not queryable yet (start-up or rebalance): HTTP 503. */
    public static final class CatalogNotReadyException extends RuntimeException {
        public CatalogNotReadyException(String message) {
            super(message);
        }
    }
}
