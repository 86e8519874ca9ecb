package dev.meshplane.quality.streams;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.streams.KeyOwners;

/**
 * Reads a product's kept runs and failing checks for the HTTP API: from this replica's stores, or from the replica
 * that holds the product ({@link KeyOwners}).
 */
@ApplicationScoped
public class QualityStore {

    private final KafkaStreams streams;
    private final KeyOwners owners;

    public QualityStore(
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
                : owners.fromOwner(QualityTopology.RUNS_STORE, productId, pathAndQuery);
    }

    /**
     * The product's state, or empty while no result of it has been evaluated.
     *
     * @throws InvalidStateStoreException while the stores are not queryable yet (start-up, rebalance, restore): HTTP
     *     503 with Retry-After, through the shared mapper in streams-support
     */
    public Optional<QualityState> state(String productId) {
        QualityState state = QualityTopology.load(
                productId,
                streams.store(StoreQueryParameters.fromNameAndType(
                        QualityTopology.RUNS_STORE, QueryableStoreTypes.<String, long[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(
                        QualityTopology.FAILING_STORE,
                        QueryableStoreTypes.<String, Map<String, Long>>keyValueStore())));
        return state.isEmpty() ? Optional.empty() : Optional.of(state);
    }
}
