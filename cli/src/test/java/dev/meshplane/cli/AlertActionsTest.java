package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** {@code mesh alerts ack|snooze|resolve}: the alert id in the URL, the required options, what is printed. */
class AlertActionsTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = MeshCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void anAlertIdGoesInThePathWithItsHashEncodedAndItsSlashKept() {
        assertThat(AlertActions.path("sales/orders-daily-summary#null_rate:customer_id"))
                .isEqualTo("sales/orders-daily-summary%23null_rate%3Acustomer_id");
        assertThat(AlertActions.path("sales/orders#row count")).isEqualTo("sales/orders%23row%20count");
    }

    @Test
    void aSnoozeNeedsHowLongAndAResolutionNeedsWhy() {
        assertThat(run("alerts", "snooze", "sales/orders#freshness")).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("--for");

        assertThat(run("alerts", "resolve", "sales/orders#freshness")).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("--reason");
    }

    @Test
    void theAnswerSaysWhoActedAndWhy() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(AlertActions.describe(json.readTree("""
                        {"alertId": "sales/orders#freshness", "state": "ACKNOWLEDGED",
                         "acknowledgedBy": "sara.owner", "acknowledgedAt": "2026-12-02T02:22:58.130Z"}
                        """)))
                .isEqualTo("sales/orders#freshness: ACKNOWLEDGED, acknowledged by sara.owner at"
                        + " 2026-12-02T02:22:58.130Z");
        assertThat(AlertActions.describe(json.readTree("""
                        {"alertId": "sales/orders#freshness", "state": "RESOLVED", "acknowledgedBy": null,
                         "resolvedBy": "sara.owner", "reason": "the export was re-run"}
                        """)))
                .isEqualTo("sales/orders#freshness: RESOLVED, resolved by sara.owner: the export was re-run");
    }
}
