package dev.meshplane.governance.messaging;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.meshplane.governance.domain.SchemaRegistry;
import dev.meshplane.governance.registry.ApicurioSchemaRegistry.RegistryUnavailableException;

/** A registry that is always compatible, and that can be made unreachable, as the real adapter reports it. */
@Alternative
@ApplicationScoped
public class FakeSchemaRegistry implements SchemaRegistry {

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean down;

    /** The next {@code n} calls fail as an unreachable registry does. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    /** Every call fails until {@link #reset}. */
    void goDown() {
        down = true;
    }

    void reset() {
        down = false;
        failuresLeft.set(0);
        calls.set(0);
    }

    int calls() {
        return calls.get();
    }

    @Override
    public Optional<String> incompatibility(String artifactId, String schema) {
        answer();
        return Optional.empty();
    }

    @Override
    public long register(String artifactId, String schema) {
        answer();
        return 42L;
    }

    private void answer() {
        calls.incrementAndGet();
        if (down || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new RegistryUnavailableException(
                    "registry at http://registry.test is not reachable: Connection refused");
        }
    }
}
