package dev.meshplane.events.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** Lints the wire contract: the rules in style.md that keep every event evolvable and documented. */
class SchemaContractTest {

    private static final Path AVRO_DIR = Path.of("src/main/avro");

    @Test
    void everyRecordAndFieldIsDocumentedAndEvolvable() {
        List<String> problems = new ArrayList<>();
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        for (Schema schema : parseAll()) {
            lint(schema, problems, seen);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void oneTopLevelRecordPerFileNamedAfterTheFile() throws IOException {
        try (Stream<Path> files = Files.list(AVRO_DIR)) {
            Schema.Parser parser = new Schema.Parser();
            parser.parse(AVRO_DIR.resolve("DataProductDescriptor.avsc").toFile());
            for (Path file :
                    files.filter(p -> !p.endsWith("DataProductDescriptor.avsc")).toList()) {
                Schema schema = parser.parse(file.toFile());
                assertThat(schema.getType()).isEqualTo(Schema.Type.RECORD);
                assertThat(schema.getName() + ".avsc")
                        .isEqualTo(file.getFileName().toString());
                assertThat(schema.getNamespace()).isEqualTo("dev.meshplane.events.v1");
            }
        }
    }

    @Test
    void generatedClassesCarryTheSameSchemaAsTheFiles() {
        for (Schema schema : parseAll()) {
            Schema generated = switch (schema.getName()) {
                case "PublicationRequested" -> PublicationRequested.getClassSchema();
                case "PolicyDecided" -> PolicyDecided.getClassSchema();
                case "DataProductPublished" -> DataProductPublished.getClassSchema();
                case "AlertStateChanged" -> AlertStateChanged.getClassSchema();
                case "FreshnessStatusChanged" -> FreshnessStatusChanged.getClassSchema();
                default -> null;
            };
            if (generated != null) {
                // The parsing canonical form ignores docs and the generator's Java-only properties.
                assertThat(SchemaNormalization.toParsingForm(generated))
                        .isEqualTo(SchemaNormalization.toParsingForm(schema));
            }
        }
    }

    private static List<Schema> parseAll() {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> schemas = new ArrayList<>();
        try {
            schemas.add(
                    parser.parse(AVRO_DIR.resolve("DataProductDescriptor.avsc").toFile()));
            try (Stream<Path> files = Files.list(AVRO_DIR)) {
                for (Path file : files.sorted().toList()) {
                    if (!file.endsWith("DataProductDescriptor.avsc")) {
                        schemas.add(parser.parse(file.toFile()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(schemas).hasSizeGreaterThanOrEqualTo(12);
        return schemas;
    }

    private static void lint(Schema schema, List<String> problems, Map<Schema, Boolean> seen) {
        if (seen.put(schema, Boolean.TRUE) != null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (isBlank(schema.getDoc())) {
                    problems.add(schema.getFullName() + ": record without doc");
                }
                for (Schema.Field field : schema.getFields()) {
                    String where = schema.getName() + "." + field.name();
                    if (isBlank(field.doc())) {
                        problems.add(where + ": field without doc");
                    }
                    Schema type = field.schema();
                    if (type.isUnion() && type.isNullable()) {
                        if (type.getTypes().get(0).getType() != Schema.Type.NULL || !field.hasDefaultValue()) {
                            problems.add(where + ": optional field must be [\"null\", T] with default null");
                        }
                    }
                    if (type.getType() == Schema.Type.LONG
                            && type.getLogicalType() == null
                            && field.name().endsWith("At")) {
                        problems.add(where + ": a time must use the timestamp-millis logical type");
                    }
                    lint(type, problems, seen);
                }
            }
            case ENUM -> {
                if (schema.getEnumDefault() == null) {
                    problems.add(schema.getFullName() + ": enum without a default symbol");
                }
            }
            case UNION -> schema.getTypes().forEach(t -> lint(t, problems, seen));
            case ARRAY -> lint(schema.getElementType(), problems, seen);
            case MAP -> lint(schema.getValueType(), problems, seen);
            default -> {}
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
