package dev.meshplane.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.http.ApiProblem;

/** With {@code meshplane.identity.reads=authenticated} every GET under /api needs a valid token too. */
@QuarkusTest
@TestProfile(ClosedReadsTest.ClosedReads.class)
@WithTestResource(TestIdentity.class)
class ClosedReadsTest {

    public static class ClosedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meshplane.identity.reads", "authenticated");
        }
    }

    @Inject
    FakeCatalogStore store;

    @Inject
    CatalogIndex index;

    @BeforeEach
    void mesh() {
        CatalogFixture.load(store, index);
    }

    @Test
    void aReadWithoutATokenIsA401Problem() {
        for (String path : new String[] {
            "/api/v1/products",
            "/api/v1/products/" + CatalogFixture.ORDERS,
            "/api/v1/search?q=orders",
            "/api/v1/domains"
        }) {
            given().get(path)
                    .then()
                    .statusCode(401)
                    .contentType(ApiProblem.MEDIA_TYPE)
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401))
                    .body("detail", containsString("GET " + path.replaceFirst("\\?.*", "") + " needs an access token"));
        }
    }

    @Test
    void aReadWithARefusedTokenIsA401() {
        given().header(
                        "Authorization",
                        Tokens.of("jane.doe", "analytics")
                                .expired(Duration.ofMinutes(1))
                                .bearer())
                .get("/api/v1/products")
                .then()
                .statusCode(401)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("detail", containsString("it has expired"));
    }

    @Test
    void aReadWithAValidTokenIsAnswered() {
        given().header("Authorization", Tokens.bearer("jane.doe", "analytics"))
                .get("/api/v1/products/" + CatalogFixture.ORDERS)
                .then()
                .statusCode(200)
                .body("summary.productId", equalTo(CatalogFixture.ORDERS));
        given().header("Authorization", Tokens.bearer("jane.doe")) // reads need a person, not a team
                .get("/api/v1/products")
                .then()
                .statusCode(200);
    }

    @Test
    void whatIsNotUnderApiStaysOpen() {
        given().get("/q/openapi").then().statusCode(200);
    }
}
