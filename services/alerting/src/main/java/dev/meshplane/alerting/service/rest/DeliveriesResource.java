package dev.meshplane.alerting.service.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.alerting.service.delivery.DeliveryLoop;

/** What the delivery loop has done since this process started. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveriesResource {

    private final DeliveryLoop loop;

    public DeliveriesResource(DeliveryLoop loop) {
        this.loop = loop;
    }

    @GET
    @Path("/stats")
    @Operation(
            summary = "Deliveries since this process started: delivered, dead, alerts no route matched, in flight",
            description = "Each delivery's outcome is also an event on mesh.alerts.deliveries; the dead ones, with"
                    + " their reason, are on the catalog's product pages.")
    public DeliveryLoop.Stats stats() {
        return loop.stats();
    }
}
