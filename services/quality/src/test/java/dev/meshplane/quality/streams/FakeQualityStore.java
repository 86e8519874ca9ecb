package dev.meshplane.quality.streams;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import io.quarkus.test.Mock;

import dev.meshplane.quality.domain.QualityState;

/**
 * The quality stores of the {@code @QuarkusTest}s, with no Kafka Streams behind them: the states a test put, or,
 * while {@link #restoring} is set, what Kafka Streams throws before the stores are queryable.
 */
@Mock
@ApplicationScoped
public class FakeQualityStore extends QualityStore {

    private final Map<String, QualityState> states = new ConcurrentHashMap<>();
    private volatile boolean restoring;

    public FakeQualityStore() {
        super(null, null);
    }

    @Override
    public Optional<QualityState> state(String productId) {
        if (restoring) {
            throw new InvalidStateStoreException("KafkaStreams is not running. State is REBALANCING.");
        }
        return Optional.ofNullable(states.get(productId));
    }

    public void put(String productId, QualityState state) {
        states.put(productId, state);
    }

    public void restoring(boolean restoring) {
        this.restoring = restoring;
    }
}
