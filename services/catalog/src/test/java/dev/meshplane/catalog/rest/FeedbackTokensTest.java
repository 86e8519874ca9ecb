package dev.meshplane.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;

import dev.meshplane.catalog.domain.CatalogIndex;
import dev.meshplane.catalog.streams.FakeCatalogStore;
import dev.meshplane.events.v1.ConsumerFeedbackGiven;
import dev.meshplane.http.ApiProblem;

/**
 * Feedback needs a bearer access token, verified by quarkus-oidc: here real RS256 tokens signed with the test
 * provider's key ({@link TestIdentity}), and wrong ones. Who answers and for which team come from the token; every
 * refusal is a problem body and publishes nothing. Reads stay open and never look at a token.
 */
@QuarkusTest
@WithTestResource(TestIdentity.class)
class FeedbackTokensTest {

    private static final String FEEDBACK = "/api/v1/products/" + CatalogFixture.ORDERS + "/feedback";

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

    @Test
    void withoutATokenFeedbackIsA401ProblemWithABearerChallenge() {
        given().contentType(ContentType.JSON)
                .body(Map.of("score", 9))
                .post(FEEDBACK)
                .then()
                .statusCode(401)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body(
                        "detail",
                        equalTo("POST " + FEEDBACK + " needs an access token and the request has none; `mesh login`"
                                + " gets one from the platform's identity provider; send it as Authorization: Bearer"
                                + " <token>"));
        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void credentialsOfAnotherKindAreNoToken() {
        send("Basic amFuZS5kb2U6c2VjcmV0", Map.of("score", 9))
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("the request has none"));
        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void aRefusedTokenIsA401ThatSaysWhyAndHowToGetANewOne() {
        refused("Bearer not-a-token", "was refused: it is not");
        refused("Bearer " + "x".repeat(3000), "was refused: it is not");
        refused(
                Tokens.of("jane.doe", "analytics")
                        .expired(Duration.ofMinutes(10))
                        .bearer(),
                "it has expired");
        refused(Tokens.of("jane.doe", "analytics").forged().bearer(), "its signature does not verify");
        refused(
                Tokens.of("jane.doe", "analytics")
                        .claim("iss", "http://127.0.0.1:9999/realms/other")
                        .bearer(),
                "it was issued by another identity provider (iss http://127.0.0.1:9999/realms/other)");
        refused(
                Tokens.of("jane.doe", "analytics")
                        .claim("aud", List.of("account"))
                        .bearer(),
                "it is not meant for this service (aud account; it must name meshplane)");
        refused(
                Tokens.of("jane.doe", "analytics").claim("aud", null).bearer(),
                "it is not meant for this service (aud missing; it must name meshplane)");
        String valid = Tokens.of("jane.doe", "analytics").jwt();
        refused("Bearer " + valid.substring(0, valid.length() - 4) + "AAAA", "its signature does not verify");
        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void aValidTokenWithoutATeamIsA403() {
        for (String token : List.of(
                Tokens.bearer("jane.doe"),
                Tokens.of("jane.doe").claim("groups", List.of()).bearer())) {
            send(token, Map.of("score", 9))
                    .statusCode(403)
                    .contentType(ApiProblem.MEDIA_TYPE)
                    .body("status", equalTo(403))
                    .body("title", equalTo("Forbidden"))
                    .body(
                            "detail",
                            equalTo("the token carries no team (claim groups); ask your administrator to add you to"
                                    + " your team's group"));
        }
        send(
                        Tokens.of("jane.doe", "analytics")
                                .claim("preferred_username", null)
                                .bearer(),
                        Map.of("score", 9))
                .statusCode(403)
                .body("detail", startsWith("the token names no person (claim preferred_username)"));
        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void aTeamTheTokenDoesNotNameIsA403NamingTheTeamsItHas() {
        send(Tokens.bearer("jane.doe", "analytics", "ml-platform"), Map.of("score", 9, "team", "sales"))
                .statusCode(403)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("parameter", equalTo("team"))
                .body(
                        "detail",
                        equalTo("you are not in team 'sales': your token names analytics, ml-platform; give one of"
                                + " those, or leave team out"));
        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void inSeveralTeamsWithoutSayingWhichIsA400NamingTheChoices() {
        send(Tokens.bearer("jane.doe", "ml-platform", "analytics"), Map.of("score", 9))
                .statusCode(400)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("parameter", equalTo("team"))
                .body(
                        "detail",
                        equalTo("you are in several teams (analytics, ml-platform): say in team which one you answer"
                                + " for"));
        assertThat(feedback.received()).isEmpty();
    }

    @Test
    void theTeamAndThePersonComeFromTheToken() {
        send(Tokens.bearer("jane.doe", "analytics"), Map.of("score", 9, "comment", "complete and on time"))
                .statusCode(202)
                .body("team", equalTo("analytics"))
                .body("person", equalTo("jane.doe"));
        send(Tokens.bearer("john.roe", "analytics", "ml-platform"), Map.of("score", 4, "team", "ml-platform"))
                .statusCode(202)
                .body("team", equalTo("ml-platform"))
                .body("person", equalTo("john.roe"));

        assertThat(feedback.received())
                .extracting(m -> m.getPayload())
                .satisfiesExactly(
                        first -> {
                            assertThat(first.getTeam()).isEqualTo("analytics");
                            assertThat(first.getPerson()).isEqualTo("jane.doe");
                            assertThat(first.getScore()).isEqualTo(9);
                        },
                        second -> {
                            assertThat(second.getTeam()).isEqualTo("ml-platform");
                            assertThat(second.getPerson()).isEqualTo("john.roe");
                        });
    }

    @Test
    void readsNeedNoTokenAndNeverLookAtOne() {
        given().get("/api/v1/products/" + CatalogFixture.ORDERS).then().statusCode(200);
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/v1/products")
                .then()
                .statusCode(200)
                .header("WWW-Authenticate", nullValue());
        given().header(
                        "Authorization",
                        Tokens.of("jane.doe", "analytics")
                                .expired(Duration.ofDays(1))
                                .bearer())
                .get("/api/v1/search?q=orders")
                .then()
                .statusCode(200);
    }

    private static ValidatableResponse send(String authorization, Map<String, Object> body) {
        return given().header("Authorization", authorization)
                .contentType(ContentType.JSON)
                .body(body)
                .post(FEEDBACK)
                .then();
    }

    private static void refused(String authorization, String why) {
        send(authorization, Map.of("score", 9))
                .statusCode(401)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("status", equalTo(401))
                .body("detail", startsWith("the access token sent with POST " + FEEDBACK + " was refused: "))
                .body("detail", containsString(why))
                .body("detail", containsString("`mesh login` gets a new one"));
    }
}
