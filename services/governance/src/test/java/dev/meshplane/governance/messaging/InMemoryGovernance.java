package dev.meshplane.governance.messaging;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Governance with no broker and no registry: its Kafka channels become in-memory channels and the registry, the topic
 * admin and the decision log are replaced by test doubles. Everything between them (the processor, retries, duplicate
 * detection, the decider and the policy engine) is the production code. Backoff is shortened so retries take
 * milliseconds.
 */
public class InMemoryGovernance implements QuarkusTestProfile {

    static final String REQUESTS = "publication-requests";
    static final String PRODUCTS_VIEW = "products-view";
    static final String DECISIONS_VIEW = "decisions-view";

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeSchemaRegistry.class, FakeTopicAdmin.class, RecordingDecisionLog.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mp.messaging.incoming." + REQUESTS + ".connector",
                "smallrye-in-memory",
                "mp.messaging.incoming." + PRODUCTS_VIEW + ".connector",
                "smallrye-in-memory",
                "mp.messaging.incoming." + DECISIONS_VIEW + ".connector",
                "smallrye-in-memory",
                "mp.messaging.outgoing.decision-log.connector",
                "smallrye-in-memory",
                "meshplane.retry.initial-backoff",
                "10ms",
                "meshplane.retry.max-backoff",
                "40ms");
    }
}
