package dev.meshplane.freshness.streams;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import io.quarkus.test.Mock;

import dev.meshplane.freshness.domain.Tracked;

/**
 * The tracked-products store of the {@code @QuarkusTest}s, with no Kafka Streams behind it: the products a test put,
 * or, while {@link #restoring} is set, what Kafka Streams throws before the store is queryable.
 */
@Mock
@ApplicationScoped
public class FakeTrackedStore extends TrackedStore {

    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private volatile boolean restoring;

    public FakeTrackedStore() {
        super(null, null);
    }

    @Override
    public Optional<Tracked> get(String productId) {
        if (restoring) {
            throw new InvalidStateStoreException("KafkaStreams is not running. State is REBALANCING.");
        }
        return Optional.ofNullable(tracked.get(productId));
    }

    public void put(String productId, Tracked t) {
        tracked.put(productId, t);
    }

    public void restoring(boolean restoring) {
        this.restoring = restoring;
    }
}
