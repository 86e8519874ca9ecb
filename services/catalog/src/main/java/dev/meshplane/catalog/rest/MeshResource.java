package dev.meshplane.catalog.rest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.MeshHealth;
import dev.meshplane.catalog.domain.ProductSummary;
import dev.meshplane.http.ApiProblem;
import dev.meshplane.http.ProblemException;

/** Search, domains, lineage and the mesh's own health. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MeshResource {

    /** Longest search text: a few words, not a document. */
    static final int MAX_QUERY = 200;

    private final CatalogIndex index;

    public MeshResource(CatalogIndex index) {
        this.index = index;
    }

    public record SearchHit(int score, ProductDtos.Summary product) {}

    public record Domain(
            String domain, int products, Set<String> owners, int openAlerts, int breached, MeshHealth.Signals health) {}

    public record Edge(String from, String to) {}

    public record Lineage(String product, int hops, Set<String> nodes, List<Edge> edges) {}

    @GET
    @Path("/search")
    @Operation(summary = "Free text over names, descriptions, tags, field names and domains, ranked")
    public List<SearchHit> search(@QueryParam("q") String q, @QueryParam("limit") String limit) {
        if (q == null || q.isBlank()) {
            throw ProblemException.badParameter("q", "q is the text to search for, e.g. ?q=orders");
        }
        if (q.length() > MAX_QUERY) {
            throw ProblemException.badParameter(
                    "q", "q is at most " + MAX_QUERY + " characters; this one has " + q.length());
        }
        int n = ProductsResource.intParam("limit", limit, 20, 1, 200);
        List<SearchHit> out = new ArrayList<>();
        for (CatalogIndex.Hit hit : index.search(q, n)) {
            index.summary(hit.productId()).ifPresent(v -> out.add(new SearchHit(hit.score(), ProductDtos.summary(v))));
        }
        return out;
    }

    @GET
    @Path("/domains")
    @Operation(summary = "Every domain with its products, owners and health")
    public List<Domain> domains() {
        List<Domain> out = new ArrayList<>();
        CatalogIndex.byDomain(index.summaries()).forEach((d, views) -> out.add(domain(d, views)));
        return out;
    }

    @GET
    @Path("/domains/{domain}")
    @Operation(summary = "One domain")
    public Domain domain(@PathParam("domain") String domain) {
        List<ProductSummary> views = index.summaries().stream()
                .filter(v -> domain.equals(v.domain()))
                .toList();
        if (views.isEmpty()) {
            throw ProblemException.notFound("no domain " + ApiProblem.quote(domain) + " in the catalog");
        }
        return domain(domain, views);
    }

    @GET
    @Path("/lineage/{domain}/{name}")
    @Operation(summary = "The product graph around a product: upstream and downstream, up to N hops")
    public Lineage lineage(
            @PathParam("domain") String domain, @PathParam("name") String name, @QueryParam("hops") String hops) {
        String id = domain + "/" + name;
        if (index.summary(id).isEmpty()) {
            throw ProblemException.notFound("no product " + ApiProblem.quote(id) + " in the catalog");
        }
        int n = ProductsResource.intParam("hops", hops, 2, 1, 10);
        Set<String> nodes = new TreeSet<>(List.of(id));
        Set<Edge> edges = new HashSet<>();
        walk(id, n, true, nodes, edges);
        walk(id, n, false, nodes, edges);
        List<Edge> sorted = new ArrayList<>(edges);
        sorted.sort((a, b) -> (a.from() + a.to()).compareTo(b.from() + b.to()));
        return new Lineage(id, n, nodes, sorted);
    }

    @GET
    @Path("/mesh/health")
    @Operation(summary = "The mesh's health signals, overall and per domain")
    public Map<String, MeshHealth.Signals> health(@QueryParam("domain") String domain) {
        List<ProductSummary> all = List.copyOf(index.summaries());
        Map<String, MeshHealth.Signals> out = new LinkedHashMap<>();
        if (domain == null) {
            out.put("overall", MeshHealth.of("overall", all));
        }
        Map<String, List<ProductSummary>> byDomain = CatalogIndex.byDomain(all);
        if (domain != null && !byDomain.containsKey(domain)) {
            throw ProblemException.notFound("no domain " + ApiProblem.quote(domain) + " in the catalog");
        }
        byDomain.forEach((d, views) -> {
            if (domain == null || domain.equals(d)) {
                out.put(d, MeshHealth.of(d, views));
            }
        });
        return out;
    }

    private Domain domain(String domain, List<ProductSummary> views) {
        CatalogIndex.DomainTotals totals = CatalogIndex.DomainTotals.of(views);
        return new Domain(
                domain,
                views.size(),
                totals.owners(),
                totals.openAlerts(),
                totals.breached(),
                MeshHealth.of(domain, views));
    }

    private void walk(String start, int hops, boolean up, Set<String> nodes, Set<Edge> edges) {
        Deque<String[]> queue = new ArrayDeque<>();
        queue.add(new String[] {start, "0"});
        Set<String> seen = new HashSet<>(Set.of(start));
        while (!queue.isEmpty()) {
            String[] item = queue.poll();
            int depth = Integer.parseInt(item[1]);
            if (depth >= hops) {
                continue;
            }
            Iterable<String> next = up ? index.upstreamOf(item[0]) : index.downstreamOf(item[0]);
            for (String other : next) {
                edges.add(up ? new Edge(other, item[0]) : new Edge(item[0], other));
                nodes.add(other);
                if (seen.add(other)) {
                    queue.add(new String[] {other, Integer.toString(depth + 1)});
                }
            }
        }
    }
}
