package dev.meshplane.freshness.rest;

import java.time.Duration;
import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.freshness.streams.FreshnessTopology;

/** A product's freshness right now: status, age, deadlines and 30-day compliance. */
@Path("/api/v1/freshness")
@Produces(MediaType.APPLICATION_JSON)
public class FreshnessResource {

    private final KafkaStreams streams;

    public FreshnessResource(KafkaStreams streams) {
        this.streams = streams;
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
        Tracked t;
        try {
            t = streams.store(StoreQueryParameters.fromNameAndType(
                            FreshnessTopology.TRACKED_STORE, QueryableStoreTypes.<String, Tracked>keyValueStore()))
                    .get(id);
        } catch (InvalidStateStoreException e) {
            // Starting, rebalancing or restoring after a restart: the answer exists, just not yet here.
            throw new ServiceUnavailableException("freshness state is being restored; retry in a few seconds", 5L);
        }
        if (t == null) {
            throw new NotFoundException(id + " is not tracked: it is not published, or declares no freshness SLA");
        }
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
