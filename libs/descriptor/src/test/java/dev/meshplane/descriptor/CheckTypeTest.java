package dev.meshplane.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.events.v1.DataProductDescriptor;

/** Each check type's rules, as the parser applies them and as the wire carries the type. */
class CheckTypeTest {

    /** A structurally complete descriptor whose only check is {@code check} (a YAML flow mapping). */
    static String withCheck(String check) {
        return """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: p, domain: sales, owner: sales-data@company.com}
                spec:
                  schema:
                    fields:
                      - {name: id, type: string, pii: false}
                      - {name: amount, type: double, pii: false}
                  quality:
                    checks:
                      - %s
                """.formatted(check);
    }

    @ParameterizedTest
    @EnumSource(CheckType.class)
    void theParserAcceptsEachTypesExampleAsIs(CheckType type) {
        ParsedDescriptor parsed = DescriptorParser.parse("p.yaml", withCheck(type.exampleYaml()));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.product().orElseThrow().spec().checks()).containsExactly(type.example());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {type: nul_rate, threshold: 0.01}              | spec.quality.checks[0].type      | unknown check type 'nul_rate': did you mean 'null_rate'?
            {type: bogus}                                  | spec.quality.checks[0].type      | unknown check type 'bogus': use one of null_rate, row_count_delta, row_count, distinct_count, value_range
            {column: id, threshold: 0.01}                  | spec.quality.checks[0].type      | every check needs a type
            {type: null_rate, column: id}                  | spec.quality.checks[0].threshold | null_rate needs a threshold, e.g. threshold: 0.01
            {type: row_count_delta, threshold: 2}          | spec.quality.checks[0].threshold | threshold is a fraction between 0 and 1
            {type: row_count_delta, column: id, threshold: 0.2} | spec.quality.checks[0].column | row_count_delta checks the whole run, not a column
            {type: null_rate, threshold: 0.01, max: 5}     | spec.quality.checks[0].max       | null_rate takes a threshold, not min or max
            {type: null_rate, threshold: 0.01, window: 7d} | spec.quality.checks[0].window    | null_rate compares no earlier runs, so it takes no window
            {type: row_count, min: 1, threshold: 0.5}      | spec.quality.checks[0].threshold | row_count takes min, max or both, not a threshold
            {type: row_count}                              | spec.quality.checks[0]           | row_count needs min, max or both
            {type: row_count, min: 10, max: 5}             | spec.quality.checks[0].min       | min (10) is larger than max (5)
            {type: distinct_count, min: 1}                 | spec.quality.checks[0].column    | distinct_count needs the column it checks
            {type: value_range, column: ~, max: 10}        | spec.quality.checks[0].column    | value_range needs the column it checks
            """)
    void theParserRejectsWhatTheTypeDoesNotTake(String check, String path, String message) {
        ParsedDescriptor parsed = DescriptorParser.parse("p.yaml", withCheck(check));

        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void aValueThatCannotBeReadIsReportedOnceNotAlsoAsMissing() {
        ParsedDescriptor parsed = DescriptorParser.parse("p.yaml", withCheck("{type: row_count, min: many}"));

        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("expected a whole number"));
    }

    @Test
    void theWireCarriesTheWireNameAndRefusesATypeItDoesNotKnow() {
        DataProduct product = DescriptorParser.parse("p.yaml", withCheck(CheckType.VALUE_RANGE.exampleYaml()))
                .product()
                .orElseThrow();

        DataProductDescriptor event = DescriptorEvents.toEvent(product);
        assertThat(event.getQualityChecks().get(0).getType()).isEqualTo("value_range");
        assertThat(DescriptorEvents.fromEvent(event)).isEqualTo(product);

        event.getQualityChecks().get(0).setType("median");
        assertThatThrownBy(() -> DescriptorEvents.fromEvent(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown check type 'median'");
    }

    @Test
    void jsonCarriesTheWireName() throws Exception {
        ObjectMapper json = new ObjectMapper();
        DataProduct.QualityCheck check = CheckType.ROW_COUNT_DELTA.example();

        JsonNode written = json.valueToTree(check);

        assertThat(written.get("type").asText()).isEqualTo("row_count_delta");
        assertThat(json.treeToValue(written, DataProduct.QualityCheck.class)).isEqualTo(check);
    }
}
