package dev.meshplane.alerting.service.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.meshplane.alerting.service.delivery.DeliveryLoop;

/**
 * DOWN until the products and grants are read (a downstream notice needs the readers of a product) and the delivery
 * loop reads the alert topics; says which, and how many deliveries are in flight.
 */
@Readiness
@ApplicationScoped
public class DeliveringReadiness implements HealthCheck {

    private final DeliveryLoop loop;

    public DeliveringReadiness(DeliveryLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        DeliveryLoop.Stats stats = loop.stats();
        String problem = loop.problem();
        return HealthCheckResponse.named("alerts-delivering")
                .status(loop.delivering())
                .withData("problem", problem == null ? "none" : problem)
                .withData("routingFile", stats.routingFile() == null ? "none" : stats.routingFile())
                .withData("inFlight", stats.inFlight())
                .build();
    }
}
