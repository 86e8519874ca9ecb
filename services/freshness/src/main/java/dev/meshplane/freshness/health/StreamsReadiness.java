package dev.meshplane.freshness.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.meshplane.freshness.config.ReplicaConfig;

/**
 * DOWN until Kafka Streams has first been RUNNING: its tasks assigned and every store restored from its changelog, so
 * inputs are evaluated against the whole state and a read answers from it. Quarkus's own readiness check only says
 * that the input topics exist: without this one a restarted replica reported ready while it still waited for its
 * tasks. Once caught up it stays UP through a later rebalance (another replica comes or goes; taking every replica out
 * then would stop all reads), and goes DOWN when the client fails or stops.
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    static final String NAME = "kafka-streams-restored";

    private final KafkaStreams streams;
    private final String instanceId;
    private volatile boolean caughtUp;

    public StreamsReadiness(KafkaStreams streams, ReplicaConfig replica) {
        this.streams = streams;
        this.instanceId = replica.instanceId();
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            caughtUp = true;
        }
        return HealthCheckResponse.named(NAME)
                .status(caughtUp && state.isRunningOrRebalancing())
                .withData("state", state.name())
                .withData("instance", instanceId)
                .build();
    }
}
