package dev.meshplane.freshness.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.meshplane.events.v1.FreshnessState;
import dev.meshplane.freshness.domain.Tracked;
import dev.meshplane.freshness.streams.FakeTrackedStore;
import dev.meshplane.http.ApiProblem;

/** The freshness API over HTTP with no broker: the tracked product comes from a store double. */
@QuarkusTest
class FreshnessResourceTest {

    private static final String PRODUCT = "sales/orders-daily-summary";

    @Inject
    FakeTrackedStore store;

    /** Signalled 20 minutes ago under target 15m / alert_after 30m: LATE since the target passed, 5 minutes ago. */
    private Instant dataUpdatedAt;

    @BeforeEach
    void tracked() {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        dataUpdatedAt = now.minus(Duration.ofMinutes(20));
        Tracked t = new Tracked();
        t.version = "1.2.0";
        t.owner = "sales-data@company.com";
        t.targetMillis = Duration.ofMinutes(15).toMillis();
        t.alertAfterMillis = Duration.ofMinutes(30).toMillis();
        t.trackedSince = now.minus(Duration.ofHours(1)).toEpochMilli();
        t.dataUpdatedAt = dataUpdatedAt.toEpochMilli();
        t.moveTo(FreshnessState.LATE, now.toEpochMilli());
        store.put(PRODUCT, t);
    }

    @AfterEach
    void ready() {
        store.restoring(false);
    }

    @Test
    void theStatusItsDeadlinesAndCompliance() {
        given().get("/api/v1/freshness/" + PRODUCT)
                .then()
                .statusCode(200)
                .body("productId", equalTo(PRODUCT))
                .body("status", equalTo("LATE"))
                .body(
                        "since",
                        equalTo(dataUpdatedAt
                                .plusMillis(Duration.ofMinutes(15).toMillis() + 1)
                                .toString()))
                .body("dataUpdatedAt", equalTo(dataUpdatedAt.toString()))
                .body("target", equalTo(900.0f)) // durations in seconds
                .body("alertAfter", equalTo(1800.0f))
                .body(
                        "breachedAt",
                        equalTo(dataUpdatedAt
                                .plus(Duration.ofMinutes(30))
                                .plusMillis(1)
                                .toString()))
                .body("compliance30d", lessThan(1.0f));
    }

    @Test
    void anUntrackedProductIsANotFoundProblemThatSaysWhy() {
        given().get("/api/v1/freshness/sales/nope")
                .then()
                .statusCode(404)
                .contentType(ApiProblem.MEDIA_TYPE)
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("sales/nope is not tracked"))
                .body("detail", containsString("spec.freshness"));
    }

    @Test
    void whileTheStoreIsRestoringItIsUnavailableWithRetryAfter() {
        store.restoring(true);

        given().get("/api/v1/freshness/" + PRODUCT)
                .then()
                .statusCode(503)
                .contentType(ApiProblem.MEDIA_TYPE)
                .header("Retry-After", "2")
                .body("status", equalTo(503))
                .body("detail", containsString("retry in 2 seconds"));
    }
}
