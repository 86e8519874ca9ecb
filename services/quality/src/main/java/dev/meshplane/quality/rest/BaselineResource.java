package dev.meshplane.quality.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.ProblemException;
import dev.meshplane.quality.domain.CheckEvaluator;
import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.quality.streams.QualityStore;

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
    public Baseline get(@PathParam("domain") String domain, @PathParam("name") String name) {
        String id = domain + "/" + name;
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
        return new Baseline(id, "7d", window.size(), mean, window, List.copyOf(state.failing.keySet()));
    }
}
