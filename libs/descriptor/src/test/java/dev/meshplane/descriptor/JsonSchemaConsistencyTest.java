package dev.meshplane.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshplane.fixtures.Fixtures;

/**
 * The JSON Schema editors use and the parser must agree on the field names: the complete example uses every field,
 * the parser accepts it, and the schema declares exactly those fields and check types.
 */
class JsonSchemaConsistencyTest {

    @Test
    void theSchemaDeclaresExactlyTheFieldsTheParserAccepts() throws IOException {
        JsonNode schema = new ObjectMapper()
                .readTree(JsonSchemaConsistencyTest.class.getResource("/schemas/dataproduct.schema.json"));
        Set<String> declared = new TreeSet<>();
        collect(schema, "", declared);

        ParsedDescriptor example =
                DescriptorParser.parse(Fixtures.path(Fixtures.examplePath("sales/orders-daily-summary")));
        assertThat(example.problems()).isEmpty();
        Set<String> used = new TreeSet<>();
        for (String path : example.locations().keySet()) {
            used.add(path.replaceAll("\\[\\d+]", "[]"));
        }
        used.removeIf(p -> p.endsWith("[]"));
        declared.removeIf(p -> p.endsWith("[]"));
        // Fields only the file source uses.
        used.addAll(Set.of("spec.source.path", "spec.source.format"));

        assertThat(used).isEqualTo(declared);
    }

    @Test
    void theSchemaListsExactlyTheCheckTypesTheParserKnows() throws IOException {
        JsonNode schema = new ObjectMapper()
                .readTree(JsonSchemaConsistencyTest.class.getResource("/schemas/dataproduct.schema.json"));
        JsonNode type = schema.at("/properties/spec/properties/quality/properties/checks/items/properties/type/enum");

        List<String> listed = new ArrayList<>();
        type.forEach(t -> listed.add(t.asText()));

        assertThat(listed).containsExactlyInAnyOrderElementsOf(CheckType.wireNames());
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        JsonNode props = node.get("properties");
        if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.add(child);
                collect(e.getValue(), child, out);
            }
        }
        JsonNode items = node.get("items");
        if (items != null) {
            collect(items, path + "[]", out);
        }
    }
}
