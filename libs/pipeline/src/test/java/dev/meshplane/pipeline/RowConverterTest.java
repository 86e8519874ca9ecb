package dev.meshplane.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.OutputSchemas;
import dev.meshplane.fixtures.Fixtures;

class RowConverterTest {

    @TempDir
    Path dir;

    /** The example product: order_id, customer_id and customer_email (nullable), amount, updated_at (timestamp). */
    private static Schema schema() throws IOException {
        return OutputSchemas.of(DescriptorParser.parse("x", Fixtures.example("sales/orders-daily-summary"))
                .product()
                .orElseThrow());
    }

    @Test
    void csvRowsBecomeRecordsWithNullCountsAndTheNewestCursor() throws Exception {
        Schema schema = schema();
        List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
        assertThat(names).contains("customer_id", "updated_at");
        Path csv = dir.resolve("orders.csv");
        Files.writeString(
                csv,
                String.join(",", names) + "\n" + row(names, "2026-11-01T10:00:00Z", "c1") + "\n"
                        + row(names, "2026-11-02T10:00:00Z", null) + "\n");
        try (FileSource source = FileSource.open(csv, null)) {
            RowConverter c = RowConverter.check(schema, source.columns(), "updated_at");
            GenericRecord last = null;
            while (source.next()) {
                last = c.convert(source);
                c.accept(last);
            }
            assertThat(c.rows()).isEqualTo(2);
            assertThat(c.nulls(schema.getField("customer_id").pos())).isEqualTo(1);
            assertThat(c.maxCursor()).isEqualTo(java.time.Instant.parse("2026-11-02T10:00:00Z"));
            assertThat(last.get("customer_id")).isNull();
            int amount = schema.getField("amount").pos();
            assertThat(c.min(amount)).isEqualTo("12.5");
            assertThat(c.max(amount)).isEqualTo("12.5");
            assertThat(c.min(schema.getField("updated_at").pos())).isNull(); // timestamps are not value ranges
        }
    }

    @Test
    void anUnknownColumnOrAMissingRequiredFieldIsRefusedBeforeTheFirstRow() throws Exception {
        Schema schema = schema();
        List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
        assertThatThrownBy(() -> RowConverter.check(schema, concat(names, "discount_code"), "updated_at"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("column discount_code")
                .hasMessageContaining("spec.schema.fields");
        List<String> withoutUpdatedAt =
                names.stream().filter(n -> !n.equals("updated_at")).toList();
        assertThatThrownBy(() -> RowConverter.check(schema, withoutUpdatedAt, null))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("spec.schema.fields.updated_at is not nullable");
    }

    @Test
    void anUnconvertibleValueNamesItsRowAndColumn() throws Exception {
        Schema schema = schema();
        List<String> names = schema.getFields().stream().map(Schema.Field::name).toList();
        Path csv = dir.resolve("bad.csv");
        String good = row(names, "2026-11-01T10:00:00Z", "c1");
        Files.writeString(
                csv,
                String.join(",", names) + "\n" + good + "\n" + good.replace("2026-11-01T10:00:00Z", "yesterday")
                        + "\n");
        try (FileSource source = FileSource.open(csv, "csv")) {
            RowConverter c = RowConverter.check(schema, source.columns(), "updated_at");
            source.next();
            c.convert(source);
            source.next();
            assertThatThrownBy(() -> c.convert(source))
                    .isInstanceOf(PipelineException.class)
                    .hasMessage("bad.csv line 3, column updated_at: 'yesterday' is not a timestamp");
        }
    }

    @Test
    void csvQuotingFollowsRfc4180() {
        assertThat(FileSource.splitCsv("a,\"b,c\",\"say \"\"hi\"\"\",,\"\""))
                .containsExactly("a", "b,c", "say \"hi\"", null, "");
    }

    @Test
    void postgresUrisBecomeJdbcUrls() {
        assertThat(JdbcSource.jdbcUrl("postgresql://app:s3cret@db:5433/orders?sslmode=disable"))
                .isEqualTo("jdbc:postgresql://db:5433/orders?user=app&password=s3cret&sslmode=disable");
        assertThat(JdbcSource.jdbcUrl("jdbc:postgresql://127.0.0.1/test"))
                .isEqualTo("jdbc:postgresql://127.0.0.1/test");
        assertThatThrownBy(() -> JdbcSource.jdbcUrl("mysql://x"))
                .isInstanceOf(PipelineException.class)
                .hasMessageNotContaining("mysql://x");
    }

    /** A CSV line for the example's fields: the given timestamp and customer, plausible values elsewhere. */
    private static String row(List<String> names, String updatedAt, String customer) {
        return String.join(
                ",",
                names.stream()
                        .map(n -> switch (n) {
                            case "updated_at" -> updatedAt;
                            case "customer_id" -> customer == null ? "" : customer;
                            case "order_date" -> "2026-11-01";
                            case "order_count" -> "3";
                            default -> "12.50";
                        })
                        .toList());
    }

    private static List<String> concat(List<String> a, String b) {
        return java.util.stream.Stream.concat(a.stream(), java.util.stream.Stream.of(b))
                .toList();
    }
}
