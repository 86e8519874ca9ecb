package dev.meshplane.catalog.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.domain.ProductUpdates;
import dev.meshplane.catalog.domain.ProductView;
import dev.meshplane.catalog.rest.CatalogFixture;
import dev.meshplane.catalog.rest.TestIdentity;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.AlertDeliveryEnded;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.IncidentAction;
import dev.meshplane.events.v1.IncidentChanged;
import dev.meshplane.events.v1.IncidentState;

/**
 * The pages over HTTP with no broker (the views from the store double, lists and search from the real index): what
 * they show, the 404 pages, and input a careless or hostile person types, which is answered and never rendered
 * unescaped. The browser walk is the integration test WebPagesIT.
 */
@QuarkusTest
@WithTestResource(TestIdentity.class)
class PagesTest {

    static final String SCRIPT = "<script>alert(1)</script>";

    @Inject
    FakeCatalogStore store;

    @Inject
    CatalogIndex index;

    @Inject
    AlertFeed feed;

    @BeforeEach
    void mesh() {
        CatalogFixture.load(store, index);
        ProductView hostile = ProductUpdates.empty("web/hostile");
        DataProduct p = new DataProduct(
                DataProduct.API_VERSION,
                DataProduct.KIND,
                new DataProduct.Metadata(
                        "hostile",
                        "web",
                        "<b>owner</b>",
                        "oncall\"><img src=x onerror=alert(2)>",
                        "1.0.0",
                        "Described with " + SCRIPT,
                        List.of("<i>tag</i>")),
                new DataProduct.Spec(
                        null,
                        List.of(new DataProduct.SchemaField("id", "string", false, false, null)),
                        null,
                        List.of(),
                        null,
                        null,
                        List.of(),
                        List.of()));
        ProductUpdates.published(
                hostile,
                DataProductPublished.newBuilder()
                        .setProductId("web/hostile")
                        .setRequestId("r-hostile")
                        .setVersion("1.0.0")
                        .setDescriptor(DescriptorEvents.toEvent(p))
                        .setOutputTopic("web.hostile.v1")
                        .setSchemaGlobalId(9L)
                        .setPublishedAt(Instant.ofEpochMilli(300))
                        .build());
        store.put(hostile);
        index.update(hostile);
    }

    @Test
    void browsingListsEveryProductWithCountsPerFilter() {
        String page = get("/", 200);
        assertThat(page)
                .contains("<!DOCTYPE html>", "<main id=\"main\">")
                .contains(CatalogFixture.ORDERS, CatalogFixture.PROFILE, CatalogFixture.DRAFT)
                .contains("4 products");
        // the domain filter: each domain once, with its count, as a link that narrows the results
        assertThat(page).contains("href=\"/?domain=sales\"").contains("never accepted");
        String sales = get("/?domain=sales", 200);
        assertThat(sales).contains(CatalogFixture.ORDERS).doesNotContain(CatalogFixture.PROFILE + "</a>");
        assertThat(sales).containsPattern("1 product\\s");
    }

    @Test
    void searchFindsByWordAndByOwnerAndAnswersAsYouType() {
        assertThat(get("/?q=orders", 200)).contains(CatalogFixture.ORDERS).doesNotContain(CatalogFixture.PROFILE + "<");
        String fragment = get("/search/results?q=ord", 200);
        assertThat(fragment).contains("id=\"results\"", CatalogFixture.ORDERS).doesNotContain("<html");
        ProductView orders = store.get(CatalogFixture.ORDERS).orElseThrow();
        String owner = orders.descriptor.metadata().owner();
        assertThat(get("/?q=" + owner, 200)).contains(CatalogFixture.ORDERS);
    }

    @Test
    void theProductPageShowsOwnerSlaQualityLineageAndVersions() {
        String page = get("/products/sales/orders-daily-summary", 200);
        ProductView orders = store.get(CatalogFixture.ORDERS).orElseThrow();
        assertThat(page)
                .contains("<h1 id=\"product-title\">sales/orders-daily-summary</h1>")
                .contains(orders.descriptor.metadata().owner())
                .contains(orders.descriptor.metadata().oncall())
                .contains("Freshness SLA", orders.descriptor.spec().freshness().target())
                .contains("Quality", "Lineage", "Consumers", "Versions")
                // it reads customer-profile: a link to its page, in the graph and the list
                .contains("href=\"/products/customers/customer-profile\"")
                .contains("first version: " + orders.descriptor.spec().fields().size() + " fields");
    }

    @Test
    void theProductPageShowsWhoAcknowledgedAndResolvedEachIncidentAndTheDeadDeliveries() {
        ProductView orders = store.get(CatalogFixture.ORDERS).orElseThrow();
        Instant fired = Instant.parse("2026-12-01T10:00:00Z");
        ProductUpdates.incident(
                orders,
                IncidentChanged.newBuilder()
                        .setAlertId(CatalogFixture.ORDERS + "#freshness")
                        .setProductId(CatalogFixture.ORDERS)
                        .setKind("FRESHNESS")
                        .setState(IncidentState.RESOLVED)
                        .setAction(IncidentAction.RESOLVED)
                        .setBy("sara.owner")
                        .setAt(fired.plusSeconds(3600))
                        .setFiredAt(fired)
                        .setAcknowledgedBy("sara.owner")
                        .setAcknowledgedAt(fired.plusSeconds(600))
                        .setResolvedBy("sara.owner")
                        .setResolvedAt(fired.plusSeconds(3600))
                        .setReason("re-ran the export " + SCRIPT)
                        .setSummary("no new data for 3h")
                        .setLastNotifiedAt(fired)
                        .setAlertTopic("mesh.alerts.freshness")
                        .setAlertPartition(0)
                        .build());
        ProductUpdates.delivery(
                orders,
                AlertDeliveryEnded.newBuilder()
                        .setDeliveryKey(CatalogFixture.ORDERS + "#freshness|FIRING|1")
                        .setAlertId(CatalogFixture.ORDERS + "#freshness")
                        .setProductId(CatalogFixture.ORDERS)
                        .setState("FIRING")
                        .setNotice(false)
                        .setDestination("orders-hook")
                        .setDestinationType("webhook")
                        .setDelivered(false)
                        .setAttempts(12)
                        .setReason("gave up after 12 attempts: orders-hook: HTTP 503")
                        .setEndedAt(fired.plusSeconds(900))
                        .build());
        store.put(orders);

        String page = get("/products/sales/orders-daily-summary", 200);

        assertThat(page)
                .contains("Incidents", CatalogFixture.ORDERS + "#freshness")
                .contains("by sara.owner at")
                .contains("after it fired")
                .contains("re-ran the export &lt;script&gt;")
                .doesNotContain(SCRIPT)
                .contains("Alerts that could not be delivered")
                .contains("orders-hook (webhook): gave up after 12 attempts: orders-hook: HTTP 503");
    }

    @Test
    void unknownProductsAndDomainsAreA404PageWithAWayBack() {
        String product = get("/products/nope/missing", 404);
        assertThat(product).contains("no product nope/missing in the catalog").contains("href=\"/\"");
        String domain = get("/domains/nowhere", 404);
        assertThat(domain).contains("no domain nowhere in the catalog").contains("href=\"/mesh/health\"");
        String hostile = given().urlEncodingEnabled(true)
                .get("/products/{d}/{n}", "<b>x</b>", "y")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertThat(hostile).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
    }

    @Test
    void oddAndOverlongSearchesAreAnsweredAndNothingTypedIsRenderedUnescaped() {
        String script = given().queryParam("q", SCRIPT)
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(script).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        String odd = given().queryParam("q", "%%% ))) ' \" \\ ;--")
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(odd).contains("has none");
        String longText = "orders ".repeat(700); // 4,900 characters: the request line stays within its 16 KiB limit
        String answered = given().queryParam("q", longText)
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(answered).contains("the first 200 characters were searched");
        assertThat(given().queryParam("domain", SCRIPT)
                        .get("/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(SCRIPT);
        assertThat(get("/?page=banana", 200)).contains("page 1");
    }

    @Test
    void valuesFromDescriptorsAreEscapedToo() {
        String page = get("/products/web/hostile", 200);
        assertThat(page)
                .doesNotContain(SCRIPT, "<b>owner</b>", "<img src=x", "<i>tag</i>")
                .contains("&lt;b&gt;owner&lt;/b&gt;", "&lt;script&gt;");
        assertThat(get("/?q=hostile", 200)).doesNotContain(SCRIPT, "<img src=x");
    }

    @Test
    void theHealthAndDomainPagesShowTheFiveSignals() {
        String health = get("/mesh/health", 200);
        assertThat(health)
                .contains("Ownership", "Publication velocity", "Consumer satisfaction", "SLA compliance")
                .contains("Cross-domain consumption")
                .contains("href=\"/domains/sales\"");
        assertThat(get("/domains/sales", 200))
                .contains("Domain sales", CatalogFixture.ORDERS.split("/")[1]);
    }

    @Test
    void theAlertPageListsTheAlertsAppliedSinceStart() {
        feed.add(new CatalogIndex.AlertChange(
                CatalogFixture.ORDERS, "alert-1", "FIRING", "QUALITY", "row_count_delta:*", "rows fell " + SCRIPT, 5));
        String page = get("/alerts", 200);
        assertThat(page).contains("alert-1", "rows fell &lt;script&gt;").doesNotContain("rows fell " + SCRIPT);
    }

    private static String get(String path, int status) {
        return given().accept("text/html")
                .get(path)
                .then()
                .statusCode(status)
                .contentType(org.hamcrest.Matchers.containsString("text/html"))
                .extract()
                .asString();
    }
}
