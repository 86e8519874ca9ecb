package dev.meshplane.freshness.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.freshness.streams.TrackedStore;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.ProblemException;
import dev.meshplane.streams.KeyOwners;

/** A product's freshness right now: status, age, deadlines and 30-day compliance. */
@Path("/api/v1/freshness")
@Produces(MediaType.APPLICATION_JSON)
public class FreshnessResource {

    private final TrackedStore store;

    public FreshnessResource(TrackedStore store) {
        this.store = store;
    }

    public record Freshness(
            String productId,
            String status,
            Instant since,
            Instant dataUpdatedAt,
            Duration age,
            Duration target,
            Duration alertAfter,
            Instant lateAt,
            Instant breachedAt,
            double compliance30d) {}

    @GET
    @Path("/{domain}/{name}")
    @Operation(summary = "Status (FRESH, LATE, BREACHED), age, deadlines and 30-day SLA compliance of a product")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Freshness.class)))
    public Response get(
            @PathParam("domain") String domain,
            @PathParam("name") String name,
            @HeaderParam(KeyOwners.FORWARDED_HEADER) String forwardedBy,
            @Context UriInfo uri) {
        String id = domain + "/" + name;
        if (forwardedBy == null) { // any replica answers: the one that holds the product, through this one
            Optional<Response> owners = store.fromOwner(id, uri.getRequestUri().getRawPath());
            if (owners.isPresent()) {
                return owners.get();
            }
        }
        Tracked t = store.get(id)
                .orElseThrow(() ->
                        ProblemException.notFound(ApiProblem.quote(id) + " is not tracked: it is not published, or its"
                                + " descriptor declares no spec.freshness (target and alert_after)"));
        long now = System.currentTimeMillis();
        return Response.ok(new Freshness(
                        id,
                        t.status.name(),
                        Instant.ofEpochMilli(t.statusSince),
                        t.dataUpdatedAt == Tracked.NONE ? null : Instant.ofEpochMilli(t.dataUpdatedAt),
                        Duration.ofMillis(t.ageAt(now)),
                        Duration.ofMillis(t.targetMillis),
                        Duration.ofMillis(t.alertAfterMillis),
                        Instant.ofEpochMilli(t.reference() + t.targetMillis + 1),
                        Instant.ofEpochMilli(t.reference() + t.alertAfterMillis + 1),
                        t.complianceAt(now)))
                .build();
    }
}
