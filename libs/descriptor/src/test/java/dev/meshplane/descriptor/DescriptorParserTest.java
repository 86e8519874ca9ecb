package dev.meshplane.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.meshplane.fixtures.Fixtures;

class DescriptorParserTest {

    private static final Path FIXTURES =
            Fixtures.path("descriptors/bad-kind.yaml").getParent();

    @Test
    void readsTheCompleteExample() {
        ParsedDescriptor parsed =
                DescriptorParser.parse(Fixtures.path(Fixtures.examplePath("sales/orders-daily-summary")));

        assertThat(parsed.problems()).isEmpty();
        DataProduct product = parsed.product().orElseThrow();
        assertThat(product.id()).hasToString("sales/orders-daily-summary");
        assertThat(product.metadata().oncall()).isEqualTo("jane.doe@company.com");
        assertThat(product.metadata().tags()).containsExactly("orders", "finance");
        assertThat(product.spec().source().connection()).isEqualTo("${ORDERS_DB_URI}");
        assertThat(product.spec().fields()).hasSize(5);
        assertThat(product.spec().fields().get(2))
                .isEqualTo(new DataProduct.SchemaField("customer_email", "string", true, true, "Where receipts go."));
        assertThat(product.spec().checks().get(0))
                .isEqualTo(new DataProduct.QualityCheck(CheckType.NULL_RATE, "customer_id", 0.01, null, null, null));
        assertThat(product.spec().freshness()).isEqualTo(new DataProduct.Freshness("15m", "30m"));
        assertThat(product.spec().access().allowTeams()).containsExactly("analytics", "ml-platform");
        assertThat(product.spec().inputs()).containsExactly("customers/customer-profile");
        assertThat(product.spec().output()).isEqualTo(new DataProduct.Output(3, "30d"));
    }

    @Test
    void readsTheExamplesAlertRoutes() {
        DataProduct product = DescriptorParser.parse(Fixtures.path(Fixtures.examplePath("sales/orders-daily-summary")))
                .product()
                .orElseThrow();

        assertThat(product.spec().alerts()).hasSize(2);
        DataProduct.AlertRoute hook = product.spec().alerts().get(1);
        assertThat(hook.check()).isEqualTo("null_rate:customer_id");
        assertThat(hook.to()).containsExactly("demo-hook");
        assertThat(hook.webhookSecret()).isEqualTo("${MESH_DEMO_HOOK_SECRET}");
        assertThat(product.spec().alerts().get(0).email()).containsExactly("jane.doe@company.com");
    }

    @Test
    void anAlertRouteWithALiteralSecretOrNowhereToGoIsRefusedNamingTheField() {
        String yaml = Fixtures.example("sales/orders-daily-summary")
                        .replace("secret: \"${MESH_DEMO_HOOK_SECRET}\"", "secret: hunter2")
                        .replace("email: [jane.doe@company.com]", "email: [not-an-address]")
                + "    - match: {severity: urgent}\n";

        ParsedDescriptor parsed = DescriptorParser.parse("alerts.yaml", yaml);

        assertThat(parsed.problems())
                .extracting(Problem::path)
                .containsExactly(
                        "spec.alerts[0].email[0]",
                        "spec.alerts[1].webhook.secret",
                        "spec.alerts[2]",
                        "spec.alerts[2].match.severity");
        assertThat(parsed.problems().get(1).message())
                .contains("must be an ${ENV} reference")
                .doesNotContain("hunter2");
    }

    @Test
    void theSparseExampleIsStructurallyValidButLeavesPolicyFieldsEmpty() {
        ParsedDescriptor parsed = DescriptorParser.parse(fixture("sparse-example.yaml"));

        assertThat(parsed.problems()).isEmpty();
        DataProduct product = parsed.product().orElseThrow();
        assertThat(product.metadata().version()).isNull();
        assertThat(product.metadata().oncall()).isNull();
        assertThat(product.spec().fields()).isEmpty();
        assertThat(product.spec().checks()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            bad-api-version.yaml  | 1  | 13 | apiVersion                     | unknown apiVersion 'mesh/v2'
            bad-kind.yaml         | 2  | 7  | kind                           | unknown kind 'Dataset'
            bad-threshold.yaml    | 13 | 20 | spec.quality.checks[1].threshold | expected a number such as 0.01 but found 'lots'
            threshold-range.yaml  | 10 | 20 | spec.quality.checks[0].threshold | threshold is a fraction between 0 and 1
            unknown-field.yaml    | 7  | 3  | spec.qualty                    | did you mean 'quality'?
            bad-duration.yaml     | 8  | 13 | spec.freshness.target          | '15 minutes' is not a duration
            bad-name.yaml         | 4  | 9  | metadata.name                  | 'Orders_Summary' is not a valid name
            bad-field-type.yaml   | 9  | 26 | spec.schema.fields[0].type     | unknown type 'varchar'
            wrong-shape.yaml      | 9  | 7  | spec.quality.checks            | expected a list
            missing-metadata.yaml | 1  | 1  | metadata                       | metadata is required
            bad-input.yaml        | 8  | 16 | spec.inputs[0].product         | write it as domain/name
            """)
    void locatesEachKindOfMistake(String file, int line, int column, String path, String message) {
        ParsedDescriptor parsed = DescriptorParser.parse(fixture(file));

        assertThat(parsed.isValid()).isFalse();
        assertThat(parsed.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.column()).isEqualTo(column);
            assertThat(p.message()).contains(message);
            assertThat(p.format()).startsWith(fixture(file) + ":" + line + ":" + column + ": " + path);
        });
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        ParsedDescriptor parsed = DescriptorParser.parse(fixture("bad-field-type.yaml"));

        assertThat(parsed.problems())
                .extracting(Problem::path)
                .containsExactly("spec.schema.fields[0].type", "spec.schema.fields[0].pii");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        ParsedDescriptor parsed = DescriptorParser.parse(fixture("yaml-syntax.yaml"));

        assertThat(parsed.product()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("not valid YAML");
            assertThat(p.line()).isEqualTo(10);
        });
    }

    @Test
    void rejectsAnAliasBombBeforeExpandingIt() {
        StringBuilder yaml =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            yaml.append(String.join(
                    ",",
                    List.of(
                            "*" + prev,
                            "*" + prev,
                            "*" + prev,
                            "*" + prev,
                            "*" + prev,
                            "*" + prev,
                            "*" + prev,
                            "*" + prev,
                            "*" + prev)));
            yaml.append("]\n");
        }
        ParsedDescriptor parsed = DescriptorParser.parse("bomb.yaml", yaml.toString());

        assertThat(parsed.product()).isEmpty();
        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("alias"));
    }

    @Test
    void rejectsHugeFiles() {
        String yaml = "apiVersion: mesh/v1\nkind: DataProduct\n# " + "x".repeat(DescriptorParser.MAX_BYTES) + "\n";

        ParsedDescriptor parsed = DescriptorParser.parse("huge.yaml", yaml);

        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("larger than"));
    }

    @Test
    void rejectsANonMappingDocument() {
        ParsedDescriptor parsed = DescriptorParser.parse("list.yaml", "- a\n- b\n");

        assertThat(parsed.product()).isEmpty();
        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("mapping"));
    }

    @Test
    void rejectsDuplicateKeys() {
        String yaml = "apiVersion: mesh/v1\nkind: DataProduct\nmetadata: {name: a, domain: b, name: c}\nspec: {}\n";

        ParsedDescriptor parsed = DescriptorParser.parse("dup.yaml", yaml);

        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("metadata.name");
            assertThat(p.message()).contains("given twice");
        });
    }

    @Test
    void placesLaterProblemsAtTheClosestField() {
        ParsedDescriptor parsed =
                DescriptorParser.parse(Fixtures.path(Fixtures.examplePath("sales/orders-daily-summary")));

        Problem p = parsed.problemAt("spec.schema.fields[2].pii", "example");

        assertThat(p.line()).isEqualTo(22);
        assertThat(parsed.problemAt("metadata.oncall", "x").line()).isEqualTo(8);
    }

    private static Path fixture(String file) {
        return Fixtures.path("descriptors/" + file);
    }
}
