package dev.meshplane.governance.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.governance.messaging.InMemoryGovernance;
import dev.meshplane.governance.messaging.PublishedProducts;

/**
 * The policy API over HTTP with no broker: the standards, and the dry run on good, broken and hostile descriptors. A
 * descriptor that cannot be read is an answer (200, not accepted, findings with line and column), never a 500; and a
 * dry run publishes nothing.
 */
@QuarkusTest
@TestProfile(InMemoryGovernance.class)
class PolicyResourceTest {

    /** Every descriptor here is named so, so "nothing was published" can be checked among other tests' products. */
    static final String DRY_RUN = "dry-run-only";

    @Inject
    PublishedProducts published;

    @Test
    void listsTheActiveStandards() {
        given().get("/api/v1/policies")
                .then()
                .statusCode(200)
                .body("id", hasItems("owner-assigned", "oncall-named", "sales-products-track-volume"));
    }

    @Test
    void aGoodDescriptorWouldBeAccepted() {
        evaluate(example())
                .then()
                .statusCode(200)
                .body("accepted", equalTo(true))
                .body("product", equalTo("sales/" + DRY_RUN))
                .body("findings.severity", not(hasItem("error")));
        assertNothingPublished();
    }

    @Test
    void aSparseDescriptorIsRejectedWithEveryViolationLocated() {
        String sparse = Fixtures.read("descriptors/sparse-example.yaml").replace("orders-daily-summary", DRY_RUN);

        ExtractableResponse<Response> answer =
                evaluate(sparse).then().statusCode(200).extract();

        assertThat(answer.<Boolean>path("accepted")).isFalse();
        assertThat(answer.<List<String>>path("findings.policy"))
                .contains("oncall-named", "version-semver", "schema-declared");
        assertThat(answer.<List<Integer>>path("findings.line"))
                .allSatisfy(line -> assertThat(line).isPositive());
        assertNothingPublished();
    }

    @Test
    void aDescriptorWithoutADomainIsAnAnswerNotAServerError() {
        String noDomain = example().replace("  domain: sales\n", "");
        assertThat(noDomain).doesNotContain("domain:");

        evaluate(noDomain)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(false))
                .body("product", nullValue())
                .body("findings.find { it.path == 'metadata.domain' }.policy", equalTo("structure"))
                .body("findings.find { it.path == 'metadata.domain' }.message", startsWith("domain is required"));
        assertNothingPublished();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWhereTheyAreNotReplaced() {
        given().contentType("application/yaml")
                .body(invalidUtf8Before(example(), "Daily order totals"))
                .post("/api/v1/policies/evaluate")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(false))
                .body("findings[0].policy", equalTo("structure"))
                .body("findings[0].line", equalTo(10))
                .body("findings[0].column", equalTo(16))
                .body("findings[0].message", startsWith("not UTF-8 (byte 0xFF at offset "));
        assertNothingPublished();
    }

    /**
     * Hostile descriptors, each a 200 answer that is not accepted, with at least one finding that says what is wrong
     * (and where, when the parser knows).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDescriptors")
    void aHostileDescriptorIsAFindingNotAnError(String name, byte[] body, String finding) {
        ExtractableResponse<Response> answer = given().contentType("application/yaml")
                .body(body)
                .post("/api/v1/policies/evaluate")
                .then()
                .statusCode(200)
                .extract();

        assertThat(answer.<Boolean>path("accepted")).as("accepted").isFalse();
        List<String> findings = answer.<List<Map<String, Object>>>path("findings").stream()
                .map(f -> f.get("path") + ": " + f.get("message"))
                .toList();
        assertThat(findings).as("findings").anySatisfy(f -> assertThat(f).contains(finding));
        assertNothingPublished();
    }

    static List<Arguments> hostileDescriptors() {
        List<Arguments> rows = new ArrayList<>();
        rows.add(row("empty", "", "the file is empty"));
        rows.add(row("comments only", "# nothing\n# here\n", "the file is empty"));
        rows.add(row("binary junk", junk(), "not UTF-8"));
        rows.add(row("a NUL byte", "apiVersion: mesh/v1\nkind: Data\u0000Product\n", "not valid YAML"));
        rows.add(row("alias bomb (billion laughs)", aliasBomb(), "too many aliases"));
        rows.add(row("nested 10,000 deep", "metadata: " + "[".repeat(10_000) + "]".repeat(10_000), "Nesting Depth"));
        rows.add(row(
                "recursive alias", example().replace("  domain: sales\n", "  domain: &d [*d]\n"), "metadata.domain"));
        rows.add(row(
                "a Java type tag",
                example().replace("spec:\n", "spec: !!javax.script.ScriptEngineManager\n"),
                "Global tag is not allowed"));
        rows.add(row("two documents", example() + "---\n" + example(), "not valid YAML"));
        rows.add(row("a list, not a mapping", "- apiVersion: mesh/v1\n- kind: DataProduct\n", "mapping"));
        rows.add(row("a key given twice", example().replace("  owner:", "  domain: other\n  owner:"), "twice"));
        rows.add(row("a merge key", "base: &b {name: x}\nmetadata:\n  <<: *b\n", "'base'"));
        rows.add(row("tabs for indentation", "apiVersion: mesh/v1\nmetadata:\n\tname: x\n", "not valid YAML"));
        rows.add(row("invalid UTF-8 in the name", invalidUtf8Before(example(), DRY_RUN), "not UTF-8 (byte 0xFF"));
        rows.add(row(
                "invalid UTF-8 in the description",
                invalidUtf8Before(example(), "Daily order totals"),
                "not UTF-8 (byte 0xFF"));
        rows.add(row("UTF-16", example().getBytes(StandardCharsets.UTF_16), "not UTF-8 (byte 0xFE at offset 0)"));
        rows.add(row("metadata as a list", example().replace("metadata:\n", "metadata: [a, b]\nx:\n"), "metadata"));
        rows.add(row("JSON, not a descriptor", "{\"score\": 9}", "unknown field 'score'"));
        return rows;
    }

    private void assertNothingPublished() {
        assertThat(published.versions().keySet()).noneMatch(id -> id.endsWith("/" + DRY_RUN));
    }

    private static Response evaluate(String yaml) {
        return given().contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/policies/evaluate");
    }

    /** The shipped example under the dry-run name, without its input (not in this test's catalog). */
    static String example() {
        return Fixtures.example("sales/orders-daily-summary")
                .replace("name: orders-daily-summary", "name: " + DRY_RUN)
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
    }

    /** Nine lists of nine references to the list before: 9^9 "lol"s if expanded. */
    static String aliasBomb() {
        StringBuilder yaml =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /** Bytes no text editor writes: every byte value, NUL and control characters included. */
    static byte[] junk() {
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** {@code text} in UTF-8 with two bytes that are not UTF-8 (0xFF 0xFE) just before {@code value}. */
    static byte[] invalidUtf8Before(String text, String value) {
        int at = text.indexOf(value);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[before.length + 2 + after.length];
        System.arraycopy(before, 0, out, 0, before.length);
        out[before.length] = (byte) 0xFF;
        out[before.length + 1] = (byte) 0xFE;
        System.arraycopy(after, 0, out, before.length + 2, after.length);
        return out;
    }

    private static Arguments row(String name, String body, String finding) {
        return row(name, body.getBytes(StandardCharsets.UTF_8), finding);
    }

    private static Arguments row(String name, byte[] body, String finding) {
        return Arguments.of(name, body, finding);
    }
}
