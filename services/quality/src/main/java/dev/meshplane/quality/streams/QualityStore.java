package dev.meshplane.quality.streams;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import dev.meshplane.quality.domain.QualityState;

/** Reads a product's kept runs and failing checks from this instance's stores, for the HTTP API. */
@ApplicationScoped
public class QualityStore {

    private final KafkaStreams streams;

    public QualityStore(KafkaStreams streams) {
        this.streams = streams;
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
