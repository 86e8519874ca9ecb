package dev.meshplane.governance.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.meshplane.governance.registry.ApicurioSchemaRegistry;

/** Governance cannot decide without the registry: readiness says so (Kafka's own check covers the broker). */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    private final ApicurioSchemaRegistry registry;

    public RegistryReadiness(ApicurioSchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("schema-registry")
                .status(registry.isReachable())
                .withData("url", registry.url())
                .build();
    }
}
