package dev.meshplane.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.http.ApiProblem;

/** Search, domains and lineage over HTTP, from the in-memory index; no broker. */
@QuarkusTest
@WithTestResource(TestIdentity.class) // as the other tests of the API: one application for all
class MeshResourceTest {

    @Inject
    FakeCatalogStore store;

    @Inject
    CatalogIndex index;

    @BeforeEach
    void mesh() {
        CatalogFixture.load(store, index);
    }

    @Test
    void searchFindsPublishedProductsAndAsksForItsText() {
        given().get("/api/v1/search?q=orders")
                .then()
                .statusCode(200)
                .body("[0].product.productId", equalTo(CatalogFixture.ORDERS));
        given().get("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("parameter", equalTo("q"));
    }

    @Test
    void domainsAndLineage() {
        given().get("/api/v1/domains/sales").then().statusCode(200).body("products", equalTo(1));
        given().get("/api/v1/domains/finance")
                .then()
                .statusCode(404)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("detail", equalTo("no domain finance in the catalog"));
        given().get("/api/v1/lineage/" + CatalogFixture.ORDERS + "?hops=1")
                .then()
                .statusCode(200)
                .body("nodes", hasItems(CatalogFixture.ORDERS, CatalogFixture.PROFILE))
                .body("edges[0].from", equalTo(CatalogFixture.PROFILE));
        given().get("/api/v1/lineage/" + CatalogFixture.ORDERS + "?hops=99")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("hops"));
    }
}
