package dev.meshplane.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.http.ApiProblem;

/**
 * The identity provider is down (nothing listens at the issuer): the catalog still starts and answers reads; a write
 * with a token is a 503 with Retry-After, since the token could not be verified, not a 401 that blames the token.
 */
@QuarkusTest
@TestProfile(ProviderDownTest.ProviderDown.class)
class ProviderDownTest {

    public static class ProviderDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:1/realms/meshplane");
        }
    }

    @Inject
    FakeCatalogStore store;

    @Inject
    CatalogIndex index;

    @Inject
    @Any
    InMemoryConnector messaging;

    @BeforeEach
    void mesh() {
        CatalogFixture.load(store, index);
    }

    @Test
    void aWriteWithATokenIsUnavailableAndReadsAreAnswered() {
        messaging.<ConsumerFeedbackGiven>sink("feedback").clear();
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
                .contentType(ContentType.JSON)
                .body(Map.of("score", 9))
                .post("/api/v1/products/" + CatalogFixture.ORDERS + "/feedback")
                .then()
                .statusCode(503)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("Retry-After", "10")
                .body("detail", containsString("could not reach the identity provider"));
        given().contentType(ContentType.JSON)
                .body(Map.of("score", 9))
                .post("/api/v1/products/" + CatalogFixture.ORDERS + "/feedback")
                .then()
                .statusCode(401);
        given().get("/api/v1/products/" + CatalogFixture.ORDERS).then().statusCode(200);
        assertThat(messaging.<ConsumerFeedbackGiven>sink("feedback").received()).isEmpty();
    }
}
