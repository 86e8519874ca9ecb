package dev.meshplane.catalog.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;

import dev.meshplane.catalog.config.CatalogConfig;

/**
 * Which OpenID Connect tenant a request is for: the API ({@code /api}) and Quarkus' own paths ({@code /q}) the default
 * one (bearer tokens), the pages the {@code web} one (code flow, a session cookie) when log-in is on. A page needs no
 * log-in to be read: the tenant only says who is logged in, and redirects to the provider where a page action needs
 * someone.
 */
@ApplicationScoped
public class WebTenant implements TenantResolver {

    public static final String TENANT = "web";

    private final boolean login;

    public WebTenant(CatalogConfig config) {
        this.login = config.web().login();
    }

    @Override
    public String resolve(RoutingContext context) {
        if (!login) {
            return null;
        }
        String path = context.normalizedPath();
        if (path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/static/")) {
            return null;
        }
        return TENANT;
    }
}
