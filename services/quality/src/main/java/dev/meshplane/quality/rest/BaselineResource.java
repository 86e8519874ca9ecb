package dev.meshplane.quality.rest;

import java.util.List;
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

import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.ProblemException;
import dev.meshplane.quality.domain.CheckEvaluator;
import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.quality.streams.QualityStore;
import dev.meshplane.streams.KeyOwners;

/** A product's row-count baseline, so a team can see why a check fired. */
@Path("/api/v1/baselines")
@Produces(MediaType.APPLICATION_JSON)
public class BaselineResource {

    private final QualityStore store;

    public BaselineResource(QualityStore store) {
        this.store = store;
    }

    public record Baseline(
            String productId,
            String window,
            int count,
            Double mean,
            List<QualityState.Run> runs,
            List<String> failingChecks) {}

    @GET
    @Path("/{domain}/{name}")
    @Operation(summary = "The runs in the product's trailing 7-day window, their count and mean row count")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Baseline.class)))
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
        QualityState state = store.state(id)
                .orElseThrow(() -> ProblemException.notFound("no quality results for " + ApiProblem.quote(id)
                        + " yet: publish the product with its checks, then report a run of its pipeline"
                        + " (mesh run) to mesh.quality.results"));
        List<QualityState.Run> kept = state.runs();
        long newest = kept.get(kept.size() - 1).observedAt();
        long windowMillis = CheckEvaluator.DEFAULT_WINDOW.toMillis();
        List<QualityState.Run> window = state.window(newest + 1, windowMillis);
        Double mean =
                window.isEmpty() ? null : state.stats(newest + 1, windowMillis).mean();
        return Response.ok(new Baseline(id, "7d", window.size(), mean, window, List.copyOf(state.failing.keySet())))
                .build();
    }
}
