package dev.meshplane.catalog.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.ws.rs.Consumes;
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

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductSummary;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.catalog.streams.CatalogStore;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.Caller;
import dev.meshplane.http.ProblemException;
import dev.meshplane.http.StrictJson;

/** Products: what exists, who owns it, what it guarantees, how it is doing. */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductsResource {

    private final CatalogStore store;
    private final CatalogIndex index;
    private final CatalogConfig config;
    private final Feedback feedback;

    /** The caller's verified access token (a request-scoped proxy), read by the methods that need an identity. */
    private final JsonWebToken token;

    public ProductsResource(
            CatalogStore store, CatalogIndex index, CatalogConfig config, Feedback feedback, JsonWebToken token) {
        this.store = store;
        this.index = index;
        this.config = config;
        this.feedback = feedback;
        this.token = token;
    }

    public record Page<T>(List<T> items, int page, int size, int total) {}

    static final int MAX_COMMENT = Feedback.MAX_COMMENT;

    /**
     * A consumer's rating. Read strictly ({@link StrictJson}): {@code 5.5}, {@code "9"} or a misspelt field is a 400
     * naming the field, never a rounded score or a lost comment. {@code team} chooses among the teams of the caller's
     * token; who answers is the token's person, never a field.
     */
    public record FeedbackRequest(Integer score, String comment, String team) {}

    @GET
    @Operation(summary = "List products, filtered and paged")
    public Page<ProductDtos.Summary> list(
            @QueryParam("domain") String domain,
            @QueryParam("owner") String owner,
            @QueryParam("status") String status,
            @QueryParam("tag") String tag,
            @QueryParam("hasOpenAlerts") String hasOpenAlerts,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        int p = intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int s = intParam("size", size, config.defaultPageSize(), 1, config.maxPageSize());
        Predicate<ProductSummary> filter = v -> true;
        if (domain != null) {
            filter = filter.and(v -> domain.equals(v.domain()));
        }
        if (owner != null) {
            filter = filter.and(v -> owner.equals(v.owner()));
        }
        if (status != null) {
            String wanted = status.toUpperCase();
            if (!wanted.equals("PUBLISHED") && !wanted.equals("REJECTED")) {
                throw ProblemException.badParameter(
                        "status", "status is PUBLISHED or REJECTED, not '" + ApiProblem.quote(status) + "'");
            }
            filter = filter.and(v -> wanted.equals(v.status()));
        }
        if (tag != null) {
            filter = filter.and(v -> v.tags().contains(tag));
        }
        if (hasOpenAlerts != null) {
            if (!hasOpenAlerts.equals("true") && !hasOpenAlerts.equals("false")) {
                throw ProblemException.badParameter("hasOpenAlerts", "hasOpenAlerts is true or false");
            }
            boolean want = Boolean.parseBoolean(hasOpenAlerts);
            filter = filter.and(v -> (v.openAlerts() > 0) == want);
        }
        List<ProductSummary> matching = index.summaries().stream()
                .filter(filter)
                .sorted(Comparator.comparing(ProductSummary::productId))
                .toList();
        int from = (int) Math.min((long) p * s, matching.size());
        int to = Math.min(from + s, matching.size());
        return new Page<>(
                matching.subList(from, to).stream().map(ProductDtos::summary).toList(), p, s, matching.size());
    }

    @GET
    @Path("/{domain}/{name}")
    @Operation(summary = "One product: descriptor, owner, on-call, SLA, live status, lineage")
    public ProductDtos.Detail get(@PathParam("domain") String domain, @PathParam("name") String name) {
        ProductView v = find(domain, name);
        return ProductDtos.detail(v, index.upstreamOf(v.productId), index.downstreamOf(v.productId), index.access());
    }

    @GET
    @Path("/{domain}/{name}/versions")
    @Operation(summary = "Every accepted version of the product")
    public List<ProductView.VersionEntry> versions(@PathParam("domain") String domain, @PathParam("name") String name) {
        return find(domain, name).versions;
    }

    @GET
    @Path("/{domain}/{name}/decisions")
    @Operation(summary = "The product's recent governance decisions, rejected ones with every violation")
    public List<ProductView.DecisionEntry> decisions(
            @PathParam("domain") String domain, @PathParam("name") String name) {
        return find(domain, name).decisions;
    }

    @POST
    @Path("/{domain}/{name}/feedback")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    @Operation(
            summary = "Rate a published product 0-10 as a consumer (NPS)",
            description = "Needs a bearer access token of the platform's identity provider (`mesh login`): the person"
                    + " who answers is the token's preferred_username, the team one of its groups. score: a whole"
                    + " number from 0 to 10 (required); team: which of the token's groups answers, required when it has"
                    + " several; comment: up to " + MAX_COMMENT + " characters. No other field. A person's later"
                    + " answer for the product replaces their earlier one in the same calendar quarter.")
    public Response feedback(@PathParam("domain") String domain, @PathParam("name") String name, FeedbackRequest body) {
        Caller caller = Caller.of(token);
        ProductView v = find(domain, name);
        ConsumerFeedbackGiven event = feedback.give(caller, v, body);
        String team = event.getTeam();
        return Response.accepted(Map.of("feedbackId", event.getFeedbackId(), "team", team, "person", caller.person()))
                .build();
    }

    private ProductView find(String domain, String name) {
        String id = domain + "/" + name;
        return store.get(id)
                .orElseThrow(() -> ProblemException.notFound("no product " + ApiProblem.quote(id) + " in the catalog"));
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) {
                throw ProblemException.badParameter(name, name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            if (value.matches("-?[0-9]+")) { // a whole number beyond an int
                throw ProblemException.badParameter(name, name + " must be between " + min + " and " + max);
            }
            throw ProblemException.badParameter(
                    name, name + " must be a whole number, not '" + ApiProblem.quote(value) + "'");
        }
    }
}
