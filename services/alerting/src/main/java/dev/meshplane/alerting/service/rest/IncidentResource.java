package dev.meshplane.alerting.service.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;

import dev.meshplane.alerting.service.delivery.DeliveryLoop;
import dev.meshplane.alerting.service.incidents.IncidentDesk;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;
import dev.meshplane.http.StrictJson;

/**
 * Incidents over HTTP, the same acts as {@code mesh alerts ack|snooze|resolve}. Reading needs no token; acting needs a
 * bearer access token of the platform's identity provider ({@code mesh login}), and only the product's owning team
 * (the team named like its domain) and its on-call act (403 for anyone else, nothing changed). An alert id holds a
 * slash and a '#': encode the '#' as %23.
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private final IncidentDesk desk;
    private final DeliveryLoop loop;
    private final JsonWebToken token;

    public IncidentResource(IncidentDesk desk, DeliveryLoop loop, JsonWebToken token) {
        this.desk = desk;
        this.loop = loop;
        this.token = token;
    }

    /** An incident as it stands; times ISO-8601, null where nothing happened yet. */
    public record Incident(
            String alertId,
            String productId,
            String kind,
            String state,
            String summary,
            String owner,
            String oncall,
            String checkId,
            Instant firedAt,
            String acknowledgedBy,
            Instant acknowledgedAt,
            Instant snoozedUntil,
            String resolvedBy,
            Instant resolvedAt,
            String reason,
            int notifications,
            Instant lastNotifiedAt,
            String lastAction,
            String lastBy) {

        static Incident of(IncidentChanged i) {
            return new Incident(
                    i.getAlertId(),
                    i.getProductId(),
                    i.getKind(),
                    i.getState().name(),
                    i.getSummary(),
                    i.getOwner(),
                    i.getOncall(),
                    i.getCheckId(),
                    i.getFiredAt(),
                    i.getAcknowledgedBy(),
                    i.getAcknowledgedAt(),
                    i.getSnoozedUntil(),
                    i.getResolvedBy(),
                    i.getResolvedAt(),
                    i.getReason(),
                    i.getNotifications(),
                    i.getLastNotifiedAt(),
                    i.getAction().name(),
                    i.getBy());
        }
    }

    /** {@code for}: 30m, 2h, 1d (1m to 7d); {@code reason}: optional. */
    public record Snooze(
            String reason,

            @com.fasterxml.jackson.annotation.JsonProperty("for")
            String duration) {}

    /** {@code reason}: required. */
    public record Resolution(String reason) {}

    @GET
    @Operation(summary = "Incidents, newest first; state=open: only those not resolved")
    public List<Incident> list(@QueryParam("state") String state) {
        if (state != null && !state.equals("open") && !state.equals("all")) {
            throw ProblemException.badParameter("state", "open or all, not '" + ApiProblem.quote(state) + "'");
        }
        return desk.incidents("open".equals(state)).stream().map(Incident::of).toList();
    }

    @GET
    @Path("/{alertId: .+}")
    @Operation(summary = "The incident of one alert: who acknowledged it and when, snoozes, resolution")
    public Incident get(@PathParam("alertId") String alertId) {
        return desk.incident(alertId)
                .map(Incident::of)
                .orElseThrow(() -> ProblemException.notFound("no incident for alert '" + ApiProblem.quote(alertId)
                        + "': an incident opens when an alert fires (GET /api/alerts lists them)"));
    }

    @POST
    @Path("/{alertId: .+}/ack")
    @Authenticated
    @Operation(
            summary = "Acknowledge: someone is on it, re-notifications stop",
            description = "Only the product's owning team and its on-call: 403 for anyone else. 404 for an unknown"
                    + " alert id; 409 when the incident is resolved. Acknowledging twice keeps the first.")
    public Incident acknowledge(@PathParam("alertId") String alertId) {
        return Incident.of(desk.acknowledge(Caller.of(token), email(), alertId));
    }

    @POST
    @Path("/{alertId: .+}/snooze")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "No re-notification for a while (for: 30m, 2h, 1d; 1m to 7d)")
    public Incident snooze(@PathParam("alertId") String alertId, Snooze body) {
        Snooze b = body == null ? new Snooze(null, null) : body;
        return Incident.of(desk.snooze(Caller.of(token), email(), alertId, b.duration(), b.reason()));
    }

    @POST
    @Path("/{alertId: .+}/resolve")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(
            summary = "Resolve the incident, saying why (reason, required)",
            description = "Its destinations are told it is resolved (PagerDuty resolves its incident). The alert"
                    + " opens a new incident when it fires again.")
    public Incident resolve(@PathParam("alertId") String alertId, Resolution body) {
        Caller caller = Caller.of(token);
        IncidentChanged resolved = desk.resolve(caller, email(), alertId, body == null ? null : body.reason());
        loop.deliverUntracked(IncidentDesk.message(
                resolved,
                AlertState.RESOLVED,
                resolved.getResolvedAt(),
                "Resolved by " + caller.person() + ": " + resolved.getReason()));
        return Incident.of(resolved);
    }

    private String email() {
        Object email = token.getClaim("email");
        return email == null ? null : email.toString();
    }
}
