package dev.meshplane.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON Schema editors use and the parser must agree on the field names: the complete example uses every field,
 * the parser accepts it, and the schema declares exactly those fields.
 */
class JsonSchemaConsistencyTest {

    @Test
    void theSchemaDeclaresExactlyTheFieldsTheParserAccepts() throws IOException {
        JsonNode schema = new ObjectMapper()
                .readTree(Path.of("../../schemas/json/dataproduct.schema.json").toFile());
        Set<String> declared = new TreeSet<>();
        collect(schema, "", declared);

        ParsedDescriptor example =
                DescriptorParser.parse(Path.of("../../examples/sales/orders-daily-summary/dataproduct.yaml"));
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
