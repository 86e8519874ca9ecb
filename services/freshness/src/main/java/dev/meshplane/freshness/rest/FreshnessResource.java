package dev.meshplane.freshness.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.freshness.streams.TrackedStore;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.ProblemException;

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
    public Freshness get(@PathParam("domain") String domain, @PathParam("name") String name) {
        String id = domain + "/" + name;
        Tracked t = store.get(id)
                .orElseThrow(() ->
                        ProblemException.notFound(ApiProblem.quote(id) + " is not tracked: it is not published, or its"
                                + " descriptor declares no spec.freshness (target and alert_after)"));
        long now = System.currentTimeMillis();
        return new Freshness(
                id,
                t.status.name(),
                Instant.ofEpochMilli(t.statusSince),
                t.dataUpdatedAt == Tracked.NONE ? null : Instant.ofEpochMilli(t.dataUpdatedAt),
                Duration.ofMillis(t.ageAt(now)),
                Duration.ofMillis(t.targetMillis),
                Duration.ofMillis(t.alertAfterMillis),
                Instant.ofEpochMilli(t.reference() + t.targetMillis + 1),
                Instant.ofEpochMilli(t.reference() + t.alertAfterMillis + 1),
                t.complianceAt(now));
    }
}
