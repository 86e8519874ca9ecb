package dev.meshplane.quality.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.quality.domain.CheckEvaluator;
import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.quality.streams.QualityTopology;

/** A product's row-count baseline, so a team can see why a check fired. */
@Path("/api/v1/baselines")
@Produces(MediaType.APPLICATION_JSON)
public class BaselineResource {

    private final KafkaStreams streams;

    public BaselineResource(KafkaStreams streams) {
        this.streams = streams;
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
        QualityState state = QualityTopology.load(
                id,
                streams.store(StoreQueryParameters.fromNameAndType(
                        QualityTopology.RUNS_STORE, QueryableStoreTypes.<String, long[]>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(
                        QualityTopology.FAILING_STORE,
                        QueryableStoreTypes.<String, Map<String, Long>>keyValueStore())));
        if (state.isEmpty()) {
            throw new NotFoundException("no quality results for " + id + " yet");
        }
        List<QualityState.Run> kept = state.runs();
        long newest = kept.get(kept.size() - 1).observedAt();
        List<QualityState.Run> window = state.window(newest + 1, CheckEvaluator.DEFAULT_WINDOW.toMillis());
        Double mean = window.isEmpty()
                ? null
                : state.stats(newest + 1, CheckEvaluator.DEFAULT_WINDOW.toMillis())
                        .mean();
        return new Baseline(id, "7d", window.size(), mean, window, List.copyOf(state.failing.keySet()));
    }
}
