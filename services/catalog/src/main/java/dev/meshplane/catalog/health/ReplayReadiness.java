package dev.meshplane.catalog.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until this replica has replayed its input topics as far as they reached when it started ({@link Replay}). A
 * catalog that answered earlier would list part of the mesh and call a product missing that it has not read yet;
 * Quarkus's own readiness check only says that the topics exist. The data name the partitions still behind. Once
 * caught up it stays UP while Kafka Streams runs or rebalances, and goes DOWN when the client fails or stops.
 */
@Readiness
@ApplicationScoped
public class ReplayReadiness implements HealthCheck {

    static final String NAME = "catalog-replayed";

    private final Replay replay;
    private final KafkaStreams streams;

    public ReplayReadiness(Replay replay, KafkaStreams streams) {
        this.replay = replay;
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        boolean caughtUp = replay.caughtUp();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(caughtUp && state.isRunningOrRebalancing())
                .withData("state", state.name());
        if (!caughtUp) {
            replay.behind().forEach(response::withData);
        }
        return response.build();
    }
}
