package dev.meshplane.catalog.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;

import dev.meshplane.catalog.config.CatalogConfig;
import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.MeshHealth;
import dev.meshplane.catalog.domain.ProductSummary;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.catalog.streams.CatalogStore;

/**
 * The catalog's pages: search and browse, a product, a domain, the mesh's health and the live alert feed. Rendered on
 * the server (Qute, which escapes every value), with a little script for results as you type and the live feed; the
 * pages work without it. Reading needs no log-in.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    /** The five signals, in the order {@link HealthTrend#signals} samples them. */
    static final List<String> SIGNALS = List.of(
            "Ownership (products with owner and on-call)",
            "Publication velocity (request → accepted, p50 ms)",
            "Consumer satisfaction (NPS)",
            "SLA compliance (mean 30-day)",
            "Cross-domain consumption (share of inputs)");

    private static final boolean[] SHARE = {true, false, false, true, true};

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(Browse.Result result, Viewer viewer);

        static native TemplateInstance search$results(Browse.Result result);

        static native TemplateInstance product(ProductPage p, Viewer viewer);

        static native TemplateInstance domain(DomainPage d, Viewer viewer);

        static native TemplateInstance health(HealthPage h, Viewer viewer);

        static native TemplateInstance alerts(List<FeedItem> items, Viewer viewer);

        static native TemplateInstance notFound(String what, String back, String backLabel, Viewer viewer);
    }

    /** A signal's current value and its trend (read by the included template {@code signals}, hence resolvable). */
    @TemplateData
    public record Signal(String name, String value, RawString trend) {}

    public record DomainRow(
            String domain,
            String href,
            int products,
            String ownership,
            String velocity,
            String nps,
            String compliance,
            String crossDomain,
            int openAlerts,
            String timeToAcknowledge,
            String timeToResolve) {}

    public record HealthPage(
            List<Signal> overall, List<DomainRow> domains, int samples, String sampleEvery, String incidents) {}

    public record DomainPage(
            String domain,
            List<ProductSummary> products,
            Set<String> owners,
            int openAlerts,
            int breached,
            List<Signal> signals) {}

    /** An alert change as the feed shows it. */
    public record FeedItem(
            String productId, String href, String alertId, String state, String kind, String summary, String at) {
        static FeedItem of(CatalogIndex.AlertChange c) {
            return new FeedItem(
                    c.productId(),
                    Html.productHref(c.productId()),
                    c.alertId(),
                    c.state(),
                    c.kind(),
                    c.summary(),
                    Html.time(c.at()));
        }
    }

    private final CatalogIndex index;
    private final CatalogStore store;
    private final AlertFeed feed;
    private final HealthTrend trend;
    private final BrowseCache browse;

    private final boolean login;
    private final SecurityIdentity identity;
    /** The logged-in person's ID token (the web tenant's session), empty for nobody in particular. */
    @Inject
    @IdToken
    JsonWebToken idToken;

    private final HttpServerRequest request;

    public Pages(
            CatalogIndex index,
            CatalogStore store,
            AlertFeed feed,
            HealthTrend trend,
            BrowseCache browse,
            CatalogConfig config,
            SecurityIdentity identity,
            HttpServerRequest request) {
        this.index = index;
        this.store = store;
        this.feed = feed;
        this.trend = trend;
        this.browse = browse;
        this.login = config.web().login();
        this.identity = identity;
        this.request = request;
    }

    /** Who is looking, and where log-in brings them back to: this page. */
    private Viewer viewer() {
        return Viewer.of(login, identity, idToken, request.uri());
    }

    /** The search page's parameters, each optional: the text, the filters and the page. */
    public static class SearchForm {
        @QueryParam("q")
        String q;

        @QueryParam("domain")
        String domain;

        @QueryParam("owner")
        String owner;

        @QueryParam("tag")
        String tag;

        @QueryParam("freshness")
        String freshness;

        @QueryParam("quality")
        String quality;

        @QueryParam("page")
        String page;

        Browse.Query query() {
            return Browse.Query.of(q, domain, owner, tag, freshness, quality, page);
        }
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance search(@BeanParam SearchForm form) {
        return Templates.search(browse.run(form.query()), viewer());
    }

    /** The results part of the search page, for results as you type. */
    @GET
    @Path("search/results")
    @Operation(hidden = true)
    public TemplateInstance results(@BeanParam SearchForm form) {
        return Templates.search$results(browse.run(form.query()));
    }

    @GET
    @Path("products/{domain}/{name}")
    @Operation(hidden = true)
    public Response product(@PathParam("domain") String domain, @PathParam("name") String name) {
        String id = domain + "/" + name;
        Optional<ProductView> view = store.get(id);
        if (view.isEmpty()) {
            return notFound("no product " + id + " in the catalog", "/", "search the catalog");
        }
        return Response.ok(Templates.product(ProductPage.of(view.get(), index, System.currentTimeMillis()), viewer()))
                .build();
    }

    @GET
    @Path("domains/{domain}")
    @Operation(hidden = true)
    public Response domain(@PathParam("domain") String domain) {
        List<ProductSummary> products = index.summaries().stream()
                .filter(s -> domain.equals(s.domain()))
                .sorted(java.util.Comparator.comparing(ProductSummary::productId))
                .toList();
        if (products.isEmpty()) {
            return notFound("no domain " + domain + " in the catalog", "/mesh/health", "every domain");
        }
        CatalogIndex.DomainTotals totals = CatalogIndex.DomainTotals.of(products);
        List<Signal> signals = signals(domain, MeshHealth.of(domain, products));
        DomainPage page =
                new DomainPage(domain, products, totals.owners(), totals.openAlerts(), totals.breached(), signals);
        return Response.ok(Templates.domain(page, viewer())).build();
    }

    @GET
    @Path("mesh/health")
    @Operation(hidden = true)
    public TemplateInstance health() {
        List<ProductSummary> all = List.copyOf(index.summaries());
        List<DomainRow> rows = new ArrayList<>();
        CatalogIndex.byDomain(all).forEach((d, products) -> {
            MeshHealth.Signals s = MeshHealth.of(d, products);
            rows.add(new DomainRow(
                    d,
                    Html.domainHref(d),
                    products.size(),
                    Html.percent(s.ownership().share()),
                    s.velocity().p50Millis() == null ? "—" : s.velocity().p50Millis() + " ms",
                    s.satisfaction().nps() == null
                            ? "—"
                            : Svg.num((double) Math.round(s.satisfaction().nps())),
                    Html.percent(s.sla().meanCompliance30d()),
                    Html.percent(s.crossDomain().share()),
                    products.stream().mapToInt(ProductSummary::openAlerts).sum(),
                    median(s.incidents().ttaMedianMillis(), s.incidents().acknowledged()),
                    median(s.incidents().ttrMedianMillis(), s.incidents().resolved())));
        });
        MeshHealth.Signals overall = MeshHealth.of("overall", all);
        return Templates.health(
                new HealthPage(
                        signals("overall", overall),
                        rows,
                        trend.samples().size(),
                        Html.duration(trendEvery()),
                        incidentsLine(overall.incidents())),
                viewer());
    }

    @GET
    @Path("alerts")
    @Operation(hidden = true)
    public TemplateInstance alerts() {
        return Templates.alerts(feed.recent().stream().map(FeedItem::of).toList(), viewer());
    }

    /** Server-sent events: each FIRING or RESOLVED alert the catalog applies from now on, as JSON. */
    @GET
    @Path("alerts/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<FeedItem> stream() {
        return feed.live().map(FeedItem::of);
    }

    private long trendEvery() {
        return trend.every();
    }

    private List<Signal> signals(String scope, MeshHealth.Signals now) {
        Double[] current = HealthTrend.signals(now);
        List<HealthTrend.Sample> samples = trend.samples();
        List<Signal> out = new ArrayList<>();
        for (int i = 0; i < SIGNALS.size(); i++) {
            List<Svg.Point> points = new ArrayList<>();
            for (HealthTrend.Sample s : samples) {
                Double[] values = s.scopes().get(scope);
                points.add(new Svg.Point(Html.time(s.at()), values == null ? null : values[i]));
            }
            points.add(new Svg.Point("now", current[i])); // the trend ends at the value shown above it
            String value = current[i] == null
                    ? "—"
                    : SHARE[i]
                            ? Html.percent(current[i])
                            : Svg.num((double) Math.round(current[i])) + (i == 1 ? " ms" : "");
            out.add(new Signal(SIGNALS.get(i), value, Svg.trend(SIGNALS.get(i) + " over time", points, SHARE[i])));
        }
        return out;
    }

    /** {@code 12 min (4)}: a median time and how many incidents it is over; a dash when there are none. */
    static String median(Long millis, int over) {
        return millis == null ? "—" : Html.duration(millis) + " (" + over + ")";
    }

    static String incidentsLine(MeshHealth.Incidents i) {
        return i.started() + " incident" + (i.started() == 1 ? "" : "s") + " in the last " + i.days() + " days, "
                + i.open() + " open; median time to acknowledge " + median(i.ttaMedianMillis(), i.acknowledged())
                + ", to resolve " + median(i.ttrMedianMillis(), i.resolved());
    }

    private Response notFound(String what, String back, String backLabel) {
        return Response.status(404)
                .entity(Templates.notFound(what, back, backLabel, viewer()))
                .type(MediaType.TEXT_HTML)
                .build();
    }
}
