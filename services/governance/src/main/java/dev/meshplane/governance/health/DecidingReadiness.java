package dev.meshplane.governance.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.meshplane.governance.messaging.Retries;

/**
 * DOWN while a publication request waits out a registry or broker outage: decisions have stopped, and the check says
 * which step waits, why, since when and after how many tries. UP again with the first success.
 */
@Readiness
@ApplicationScoped
public class DecidingReadiness implements HealthCheck {

    static final String NAME = "publication-requests";

    private final Retries retries;

    public DecidingReadiness(Retries retries) {
        this.retries = retries;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        retries.outage()
                .ifPresent(outage -> response.down()
                        .withData("waiting", outage.step())
                        .withData("reason", String.valueOf(outage.reason()))
                        .withData("since", outage.since().toString())
                        .withData("tries", outage.attempts()));
        return response.build();
    }
}
