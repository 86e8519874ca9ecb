package dev.meshplane.alerting.service.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.meshplane.testing.HostileRequest;

/** The service without a broker (the test profile points at a closed port) and without a routing file. */
@QuarkusTest
class DeliveriesResourceTest {

    @Test
    void statsSayNothingIsRoutedWithoutARoutingFile() {
        given().get("/api/deliveries/stats")
                .then()
                .statusCode(200)
                .body("routes", equalTo(0))
                .body("delivered", equalTo(0))
                .body("inFlight", equalTo(0));
    }

    @Test
    void notReadyWhileTheProductsCannotBeReadAndSaysWhy() {
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body(
                        "checks.find { it.name == 'alerts-delivering' }.data.problem",
                        containsString("reading the products and grants"))
                .body("checks.find { it.name == 'alerts-delivering' }.data.routingFile", equalTo("none"));
    }

    static List<HostileRequest> corpus() {
        return HostileRequest.wrongUse("GET /api/deliveries/stats", "/api/deliveries/stats", "GET", 64 * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void wrongUseIsAProblemThatSaysWhatToFix(HostileRequest request) throws Exception {
        HttpResponse<String> answer = request.send(RestAssured.port);
        request.assertProblem(answer);
    }
}
