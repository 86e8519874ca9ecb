package dev.meshplane.quality.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.meshplane.http.ApiProblem;
import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.quality.streams.FakeQualityStore;

/** The baseline API over HTTP with no broker: the runs come from a store double. */
@QuarkusTest
class BaselineResourceTest {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final Instant NOW = Instant.parse("2026-11-20T06:00:00Z");

    @Inject
    FakeQualityStore store;

    @BeforeEach
    void runs() {
        QualityState state = new QualityState();
        state.add(new QualityState.Run("old", NOW.minus(Duration.ofDays(10)).toEpochMilli(), 50)); // out of 7d
        state.add(new QualityState.Run("d1", NOW.minus(Duration.ofDays(2)).toEpochMilli(), 1000));
        state.add(new QualityState.Run("d2", NOW.minus(Duration.ofDays(1)).toEpochMilli(), 1100));
        state.add(new QualityState.Run("d3", NOW.toEpochMilli(), 650));
        state.failing.put("row_count_delta:*", NOW.toEpochMilli());
        store.put(PRODUCT, state);
    }

    @AfterEach
    void ready() {
        store.restoring(false);
    }

    @Test
    void theTrailingWindowItsMeanAndTheFailingChecks() {
        double mean = given().get("/api/v1/baselines/" + PRODUCT)
                .then()
                .statusCode(200)
                .body("productId", equalTo(PRODUCT))
                .body("window", equalTo("7d"))
                .body("count", equalTo(3))
                .body("runs.runId", equalTo(List.of("d1", "d2", "d3")))
                .body("failingChecks", equalTo(List.of("row_count_delta:*")))
                .extract()
                .jsonPath()
                .getDouble("mean");
        assertThat(mean).isCloseTo((1000 + 1100 + 650) / 3.0, within(1e-3)); // read back as a float
    }

    @Test
    void aProductWithoutResultsIsANotFoundProblemThatSaysHowToGetSome() {
        given().get("/api/v1/baselines/sales/nope")
                .then()
                .statusCode(404)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("no quality results for sales/nope yet"))
                .body("detail", containsString("report a run"));
    }

    @Test
    void whileTheStoresAreRestoringItIsUnavailableWithRetryAfter() {
        store.restoring(true);

        given().get("/api/v1/baselines/" + PRODUCT)
                .then()
                .statusCode(503)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("Retry-After", "2")
                .body("status", equalTo(503))
                .body("detail", containsString("retry in 2 seconds"));
    }
}
