package dev.meshplane.governance.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until this replica has read its views as far as they reached at start ({@link ViewsLoaded}): until then it
 * decides nothing, so it must not be counted as able to answer a {@code mesh publish}. The data names each view
 * partition still behind, as the offset handled up to / the offset to reach.
 */
@Readiness
@ApplicationScoped
public class ViewsReadiness implements HealthCheck {

    static final String NAME = "views";

    private final ViewsLoaded views;

    public ViewsReadiness(ViewsLoaded views) {
        this.views = views;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(views.isLoaded());
        if (!views.isLoaded()) {
            views.behind().forEach(response::withData);
        }
        return response.build();
    }
}
