package dev.meshplane.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.http.ApiProblem;

/**
 * The products API over HTTP with no broker: the views come from a store double, the lists from the real index,
 * and feedback goes to the in-memory connector instead of {@code mesh.feedback}.
 */
@QuarkusTest
@WithTestResource(TestIdentity.class)
class ProductsResourceTest {

    private static final String PRODUCTS = "/api/v1/products";

    @Inject
    FakeCatalogStore store;

    @Inject
    CatalogIndex index;

    @Inject
    @Any
    InMemoryConnector messaging;

    private InMemorySink<ConsumerFeedbackGiven> feedback;

    @BeforeEach
    void mesh() {
        CatalogFixture.load(store, index);
        feedback = messaging.sink("feedback");
        feedback.clear();
    }

    @AfterEach
    void ready() {
        store.restoring(false);
    }

    @Test
    void listsProductsFilteredSortedAndPaged() {
        given().get(PRODUCTS + "?domain=sales")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].productId", equalTo(CatalogFixture.ORDERS))
                .body("items[0].owner", equalTo("sales-data@company.com"));
        given().get(PRODUCTS + "?status=rejected")
                .then()
                .statusCode(200)
                .body("items.productId", equalTo(List.of(CatalogFixture.DRAFT)));
        given().get(PRODUCTS + "?status=PUBLISHED&size=1&page=1")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("size", equalTo(1))
                .body("items.productId", equalTo(List.of(CatalogFixture.ORDERS)));
    }

    @Test
    void aBadQueryParameterIsAProblemThatNamesIt() {
        given().get(PRODUCTS + "?size=abc")
                .then()
                .statusCode(400)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("parameter", equalTo("size"))
                .body("detail", equalTo("size must be a whole number, not 'abc'"));
        given().get(PRODUCTS + "?status=DRAFT")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("status"))
                .body("detail", containsString("PUBLISHED or REJECTED"));
    }

    @Test
    void oneProductWithItsContractAndLineage() {
        given().get(PRODUCTS + "/" + CatalogFixture.ORDERS)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("summary.oncall", equalTo("jane.doe@company.com"))
                .body("summary.outputTopic", equalTo("sales.orders-daily-summary.v1"))
                .body("sla.freshnessTarget", equalTo("15m"))
                .body("upstream", hasItem(CatalogFixture.PROFILE));
        given().get(PRODUCTS + "/" + CatalogFixture.PROFILE)
                .then()
                .statusCode(200)
                .body("downstream", hasItem(CatalogFixture.ORDERS));
        given().get(PRODUCTS + "/" + CatalogFixture.DRAFT + "/decisions")
                .then()
                .statusCode(200)
                .body("[0].outcome", equalTo("REJECTED"))
                .body("[0].violations[0].policyId", equalTo("oncall-named"));
    }

    @Test
    void anUnknownProductIsANotFoundProblem() {
        given().get(PRODUCTS + "/sales/nope")
                .then()
                .statusCode(404)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("no product sales/nope in the catalog"));
    }

    @Test
    void whileTheStoreIsRestoringAProductReadIsUnavailableWithRetryAfterButListsStillAnswer() {
        store.restoring(true);

        given().get(PRODUCTS + "/" + CatalogFixture.ORDERS)
                .then()
                .statusCode(503)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("Retry-After", "2")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", containsString("retry in 2 seconds"));
        given().get(PRODUCTS).then().statusCode(200).body("total", equalTo(3));
    }

    @Test
    void feedbackIsPublishedKeyedByProduct() {
        String id = given().header("Authorization", Tokens.bearer("jane.doe", "analytics", "sales"))
                .contentType(ContentType.JSON)
                .body(Map.of("score", 9, "team", "analytics", "comment", "complete and on time"))
                .post(PRODUCTS + "/" + CatalogFixture.ORDERS + "/feedback")
                .then()
                .statusCode(202)
                .body("feedbackId", notNullValue())
                .extract()
                .path("feedbackId");

        List<? extends Message<ConsumerFeedbackGiven>> sent = feedback.received();
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.getPayload().getFeedbackId()).isEqualTo(id);
            assertThat(m.getPayload().getProductId()).isEqualTo(CatalogFixture.ORDERS);
            assertThat(m.getPayload().getScore()).isEqualTo(9);
            assertThat(m.getPayload().getTeam()).isEqualTo("analytics");
            assertThat(m.getPayload().getPerson()).isEqualTo("jane.doe");
            assertThat(m.getPayload().getComment()).isEqualTo("complete and on time");
            assertThat(m.getMetadata(OutgoingKafkaRecordMetadata.class))
                    .hasValueSatisfying(k -> assertThat(k.getKey()).isEqualTo(CatalogFixture.ORDERS));
        });
    }

    @Test
    void feedbackThatCannotBeTakenIsAProblemAndPublishesNothing() {
        String url = PRODUCTS + "/" + CatalogFixture.ORDERS + "/feedback";
        String token = Tokens.bearer("jane.doe", "analytics");
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(Map.of("score", 11))
                .post(url)
                .then()
                .statusCode(400)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("parameter", equalTo("score"))
                .body("detail", equalTo("score is a whole number from 0 to 10"));
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .body("{\"score\": \"ten\"}")
                .post(url)
                .then()
                .statusCode(400)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("parameter", equalTo("score"))
                .body("detail", containsString("whole number"));
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .body("{\"score\": 9")
                .post(url)
                .then()
                .statusCode(400)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON"));
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .post(url)
                .then()
                .statusCode(400)
                .body("parameter", equalTo("score"));
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(Map.of("score", 5))
                .post(PRODUCTS + "/sales/nope/feedback")
                .then()
                .statusCode(404)
                .contentType(ApiProblem.MEDIA_TYPE);

        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void frameworkErrorsAreProblemsThatSayWhatToFix() {
        given().get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("status", equalTo(404))
                .body("detail", containsString("/api/v1/nothing-here"));
        given().delete(PRODUCTS + "/" + CatalogFixture.ORDERS)
                .then()
                .statusCode(405)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("detail", containsString("DELETE is not allowed"));
        given().contentType(ContentType.XML)
                .body("<score>9</score>")
                .post(PRODUCTS + "/" + CatalogFixture.ORDERS + "/feedback")
                .then()
                .statusCode(415)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("detail", containsString("application/xml"));
    }
}
