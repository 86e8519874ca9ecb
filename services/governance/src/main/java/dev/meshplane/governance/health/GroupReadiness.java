package dev.meshplane.governance.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.common.annotation.Identifier;

/**
 * DOWN until the publication-request consumer has joined its group ({@link DecideAfterViews#hasJoined}). Until then
 * this replica decides nothing: after a restart under a new instance id the group waits for the killed member's
 * session to end first, and a {@code mesh publish} sent meanwhile would wait for it too. (Under its own instance id a
 * restarted replica rejoins at once.) In-memory channels (the fast tests) have no group: UP.
 */
@Readiness
@ApplicationScoped
public class GroupReadiness implements HealthCheck {

    static final String NAME = "publication-requests-group";

    private final DecideAfterViews requests;
    private final boolean onKafka;

    public GroupReadiness(
            @Identifier(DecideAfterViews.NAME) DecideAfterViews requests,
            @ConfigProperty(name = "mp.messaging.incoming.publication-requests.connector") String connector) {
        this.requests = requests;
        this.onKafka = "smallrye-kafka".equals(connector);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(!onKafka || requests.hasJoined())
                .build();
    }
}
