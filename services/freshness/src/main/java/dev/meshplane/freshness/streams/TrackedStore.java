package dev.meshplane.freshness.streams;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.streams.KeyOwners;

/**
 * Reads a tracked product for the HTTP API: from this replica's store, or from the replica that holds the product
 * ({@link KeyOwners}).
 */
@ApplicationScoped
public class TrackedStore {

    private final KafkaStreams streams;
    private final KeyOwners owners;

    public TrackedStore(
            KafkaStreams streams, @ConfigProperty(name = "kafka-streams.application.server") String applicationServer) {
        this.streams = streams;
        this.owners = streams == null ? null : new KeyOwners(streams, applicationServer); // null: the tests' fake
    }

    /**
     * The answer of the replica holding {@code productId} to a GET of {@code pathAndQuery}, when that is another
     * replica; empty when this one answers.
     */
    public Optional<Response> fromOwner(String productId, String pathAndQuery) {
        return owners == null
                ? Optional.empty()
                : owners.fromOwner(FreshnessTopology.TRACKED_STORE, productId, pathAndQuery);
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
