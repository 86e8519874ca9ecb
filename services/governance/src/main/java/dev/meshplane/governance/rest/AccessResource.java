package dev.meshplane.governance.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;

import dev.meshplane.governance.access.AccessDesk;
import dev.meshplane.governance.access.AccessViews;
import dev.meshplane.governance.access.ObservedConsumers;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;
import dev.meshplane.http.StrictJson;

/**
 * Self-service access over HTTP, the same operations as {@code mesh access}: ask, list what waits, approve, deny,
 * revoke, and see who may read a product. Every call needs a bearer access token of the platform's identity provider
 * ({@code mesh login}): the requester and the decider are the token's person and teams, never a body field. Only the
 * product's owners approve, deny or revoke (403 for anyone else, nothing changed).
 */
@Path("/api/v1/access")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AccessResource {

    private final AccessDesk desk;
    private final ObservedConsumers observed;
    private final JsonWebToken token;

    public AccessResource(AccessDesk desk, ObservedConsumers observed, JsonWebToken token) {
        this.desk = desk;
        this.observed = observed;
        this.token = token;
    }

    /** {@code until}: 2026-12-31 (through that day, UTC) or an instant; optional. */
    public record NewRequest(String product, String team, String reason, String until) {}

    /** {@code until} replaces the end date the request asked for; {@code reason} is optional. */
    public record Approval(String until, String reason) {}

    /** {@code reason} is required. */
    public record Denial(String reason) {}

    @POST
    @Path("/requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(
            summary = "Ask for a team to read a product",
            description = "product: DOMAIN/NAME; team: one of the caller's teams; reason: why (required by some"
                    + " access rules); until: 2026-12-31 or an instant, optional. 201 with the request, APPROVED"
                    + " when an access rule approves it on its own, else PENDING for the owners; 422 naming the rule"
                    + " that refuses it; 409 when the team can already read the product or already asked.")
    public Response request(NewRequest body) {
        NewRequest b = body == null ? new NewRequest(null, null, null, null) : body;
        AccessViews.Request created = desk.request(Caller.of(token), b.product(), b.team(), b.reason(), b.until());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("/requests")
    @Operation(summary = "Requests waiting for their owners, of every product or of one (product=DOMAIN/NAME)")
    public List<AccessViews.Request> pending(@QueryParam("product") String product) {
        Caller.of(token);
        return desk.pending(product == null || product.isBlank() ? null : product);
    }

    @GET
    @Path("/requests/{id}")
    @Operation(summary = "One request and, once answered, its answer")
    public AccessViews.Request get(@PathParam("id") String id) {
        Caller.of(token);
        return desk.get(id);
    }

    @POST
    @Path("/requests/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(
            summary = "An owner approves a request: the team reads the product until the end date, if any",
            description = "Only the product's owners (its domain's team and the domain's publishers in the policy"
                    + " file): 403 for anyone else. 409 when the request was already answered.")
    public AccessViews.Request approve(@PathParam("id") String id, Approval body) {
        Approval b = body == null ? new Approval(null, null) : body;
        return desk.approve(Caller.of(token), id, b.until(), b.reason());
    }

    @POST
    @Path("/requests/{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "An owner denies a request, saying why (reason)")
    public AccessViews.Request deny(@PathParam("id") String id, Denial body) {
        return desk.deny(Caller.of(token), id, body == null ? null : body.reason());
    }

    @GET
    @Path("/products/{domain}/{name}")
    @Operation(
            summary = "Who may read a product: declared teams, grants (by whom, until when), waiting requests, and the"
                    + " consumer groups the broker sees reading it (flagged when their team may not)")
    public AccessViews.Product product(@PathParam("domain") String domain, @PathParam("name") String name) {
        Caller.of(token);
        AccessViews.Product p = desk.product(domain + "/" + name);
        try {
            return p.withObserved(observed.of(p.product(), p.readers()), null);
        } catch (DependencyUnavailableException e) {
            return p.withObserved(List.of(), e.getMessage());
        }
    }

    @DELETE
    @Path("/products/{domain}/{name}/grants/{team}")
    @Operation(
            summary = "An owner ends a team's grant on the product (reason: optional query parameter)",
            description = "403 for anyone but the owners; 404 when the team has no grant; 409 when the product's"
                    + " current version allows the team in spec.access.allow (publish a version without it).")
    public AccessViews.Grant revoke(
            @PathParam("domain") String domain,
            @PathParam("name") String name,
            @PathParam("team") String team,
            @QueryParam("reason") String reason) {
        if (team == null || team.isBlank()) {
            throw ProblemException.badParameter("team", "name the team whose grant ends");
        }
        return desk.revoke(Caller.of(token), domain + "/" + name, team, reason);
    }
}
