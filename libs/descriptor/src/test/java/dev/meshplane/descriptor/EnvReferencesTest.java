package dev.meshplane.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvReferencesTest {

    @Test
    void resolvesReferencesFromTheGivenEnvironmentOnly() {
        Map<String, String> env = Map.of("DB_HOST", "db.internal", "DB_PASS", "s3cr$t");

        String url = EnvReferences.resolve(
                "postgresql://app:${DB_PASS}@${DB_HOST}/orders", "spec.source.connection", env::get);

        assertThat(url).isEqualTo("postgresql://app:s3cr$t@db.internal/orders");
    }

    @Test
    void aMissingVariableIsNamedAndItsValueNeverPrinted() {
        assertThatThrownBy(() -> EnvReferences.resolve("${ORDERS_DB_URI}", "spec.source.connection", n -> null))
                .isInstanceOf(EnvReferences.MissingVariableException.class)
                .hasMessageContaining("ORDERS_DB_URI")
                .hasMessageContaining("spec.source.connection");
    }

    @Test
    void tellsAReferenceFromALiteral() {
        assertThat(EnvReferences.isPureReference("${ORDERS_DB_URI}")).isTrue();
        assertThat(EnvReferences.isPureReference("jdbc:postgresql://u:p@h/db")).isFalse();
        assertThat(EnvReferences.containsReference("jdbc:postgresql://${HOST}/db"))
                .isTrue();
        assertThat(EnvReferences.variable("${ORDERS_HOOK_SECRET}")).contains("ORDERS_HOOK_SECRET");
        assertThat(EnvReferences.variable(" ${ORDERS_HOOK_SECRET}")).isEmpty(); // exactly one reference, untrimmed
        assertThat(EnvReferences.variable("s3cr3t-${X}")).isEmpty();
        assertThat(EnvReferences.variable(null)).isEmpty();
    }
}
