package dev.meshplane.catalog.streams;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

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

    /**
     * @throws InvalidStateStoreException while the store is not queryable yet (start-up, rebalance): HTTP 503 with
     *     Retry-After, through the shared mapper in streams-support
     */
    public Optional<ProductView> get(String productId) {
        return Optional.ofNullable(streams.store(StoreQueryParameters.fromNameAndType(
                        CatalogTopology.PRODUCTS_STORE, QueryableStoreTypes.<String, ProductView>keyValueStore()))
                .get(productId));
    }
}
