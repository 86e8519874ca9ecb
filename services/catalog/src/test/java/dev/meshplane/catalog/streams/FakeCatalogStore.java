package dev.meshplane.catalog.streams;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import io.quarkus.test.Mock;

import dev.meshplane.catalog.domain.ProductView;

/**
 * The product store of the {@code @QuarkusTest}s, with no Kafka Streams behind it: the views a test put, or, while
 * {@link #restoring} is set, what Kafka Streams throws before the store is queryable.
 */
@Mock
@ApplicationScoped
public class FakeCatalogStore extends CatalogStore {

    private final Map<String, ProductView> views = new ConcurrentHashMap<>();
    private volatile boolean restoring;

    public FakeCatalogStore() {
        super(null);
    }

    @Override
    public Optional<ProductView> get(String productId) {
        if (restoring) {
            throw new InvalidStateStoreException("KafkaStreams is not running. State is REBALANCING.");
        }
        return Optional.ofNullable(views.get(productId));
    }

    public void put(ProductView view) {
        views.put(view.productId, view);
    }

    public void restoring(boolean restoring) {
        this.restoring = restoring;
    }
}
