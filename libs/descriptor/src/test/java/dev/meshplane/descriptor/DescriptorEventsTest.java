package dev.meshplane.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import dev.meshplane.fixtures.Fixtures;

class DescriptorEventsTest {

    private static final Path EXAMPLE = Fixtures.path(Fixtures.examplePath("sales/orders-daily-summary"));

    @Test
    void theDescriptorSurvivesTheWireUnchanged() {
        DataProduct product = DescriptorParser.parse(EXAMPLE).product().orElseThrow();

        assertThat(DescriptorEvents.fromEvent(DescriptorEvents.toEvent(product)))
                .isEqualTo(product);
        assertThat(DescriptorEvents.toEvent(product).getSource().getConnection())
                .isEqualTo("${ORDERS_DB_URI}");
    }

    @Test
    void missingFieldsStayMissing() {
        DataProduct sparse = DescriptorParser.parse(Fixtures.path("descriptors/sparse-example.yaml"))
                .product()
                .orElseThrow();

        DataProduct back = DescriptorEvents.fromEvent(DescriptorEvents.toEvent(sparse));

        assertThat(back.metadata().oncall()).isNull();
        assertThat(back.metadata().version()).isNull();
        assertThat(back).isEqualTo(sparse);
    }

    @Test
    void theOutputSchemaFollowsTheDeclaredFields() {
        DataProduct product = DescriptorParser.parse(EXAMPLE).product().orElseThrow();

        Schema schema = OutputSchemas.of(product);

        assertThat(schema.getFullName()).isEqualTo("mesh.sales.OrdersDailySummary");
        assertThat(schema.getField("order_id").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.getField("customer_email").schema().isNullable()).isTrue();
        assertThat(schema.getField("customer_email").getObjectProp("pii")).isEqualTo(true);
        assertThat(schema.getField("updated_at").schema().getLogicalType().getName())
                .isEqualTo("timestamp-millis");
        assertThat(OutputSchemas.major("1.2.0")).isEqualTo(1);
    }
}
