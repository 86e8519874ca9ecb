package dev.meshplane.descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The Avro schema of a product's output port, derived from {@code spec.schema.fields}. It is what governance
 * registers (and checks for compatibility) and what a pipeline writes; PII annotations travel as a field property.
 */
public final class OutputSchemas {

    private OutputSchemas() {}

    public static Schema of(DataProduct product) {
        ProductId id = product.id();
        String namespace = "mesh." + sanitize(id.domain());
        List<Schema.Field> fields = new ArrayList<>();
        for (DataProduct.SchemaField f : product.spec().fields()) {
            Schema type = type(f.type());
            Schema.Field field = f.nullable()
                    ? new Schema.Field(
                            f.name(),
                            Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                            f.description(),
                            Schema.Field.NULL_DEFAULT_VALUE)
                    : new Schema.Field(f.name(), type, f.description());
            field.addProp("pii", Boolean.TRUE.equals(f.pii()));
            fields.add(field);
        }
        String doc = product.metadata().description() == null
                ? "Output of " + id
                : product.metadata().description();
        return Schema.createRecord(recordName(id.name()), doc, namespace, false, fields);
    }

    /** The major version of a semver string; 0 when it is not one (policies reject that before it matters). */
    public static int major(String version) {
        if (version == null) {
            return 0;
        }
        try {
            return Integer.parseInt(version.trim().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Schema type(String type) {
        return switch (type == null ? "string" : type) {
            case "int" -> Schema.create(Schema.Type.INT);
            case "long" -> Schema.create(Schema.Type.LONG);
            case "double" -> Schema.create(Schema.Type.DOUBLE);
            case "float" -> Schema.create(Schema.Type.FLOAT);
            case "boolean" -> Schema.create(Schema.Type.BOOLEAN);
            case "bytes" -> Schema.create(Schema.Type.BYTES);
            case "timestamp" -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case "date" -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            // Decimal precision is not declared in mesh/v1 yet: carried as its exact text.
            default -> SchemaBuilder.builder().stringType();
        };
    }

    private static String recordName(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    private static String sanitize(String s) {
        return s.replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
