package dev.meshplane.freshness.streams;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import dev.meshplane.freshness.domain.Tracked;

/** Reads a tracked product from this instance's store, for the HTTP API. */
@ApplicationScoped
public class TrackedStore {

    private final KafkaStreams streams;

    public TrackedStore(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * The product's freshness, or empty when it is not tracked.
     *
     * @throws InvalidStateStoreException while the store is not queryable yet (start-up, rebalance, restore): HTTP
     *     503 with Retry-After, through the shared mapper in streams-support
     */
    public Optional<Tracked> get(String productId) {
        return Optional.ofNullable(streams.store(StoreQueryParameters.fromNameAndType(
                        FreshnessTopology.TRACKED_STORE, QueryableStoreTypes.<String, Tracked>keyValueStore()))
                .get(productId));
    }
}
