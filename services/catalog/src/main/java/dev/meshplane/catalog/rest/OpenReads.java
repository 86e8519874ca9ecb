package dev.meshplane.catalog.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP security policy {@value #NAME}: lets a request through without looking at its token. The permission
 * {@code quarkus.http.auth.permission.api} (every request under {@code /api}) takes its policy from
 * {@code meshplane.identity.reads}: {@code open} names this one, {@code authenticated} Quarkus's own, which asks for a
 * valid token. Writes need a token whatever this says ({@code @Authenticated}).
 */
@ApplicationScoped
public class OpenReads implements HttpSecurityPolicy {

    static final String NAME = "open";

    @Override
    public Uni<CheckResult> checkPermission(
            RoutingContext request, Uni<SecurityIdentity> identity, AuthorizationRequestContext context) {
        return CheckResult.permit(); // the identity is never subscribed to: no token is read
    }

    @Override
    public String name() {
        return NAME;
    }
}
