package dev.meshplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;

class RoutingFileTest {

    static final String FILE = """
            apiVersion: mesh/v1
            kind: AlertRouting
            destinations:
              sales-hook: {type: webhook, url: "http://127.0.0.1:9/hook", secret: "${SALES_HOOK_SECRET}"}
              sales-slack: {type: slack, url: "${SALES_SLACK_URL}"}
              sales-pager: {type: pagerduty, routingKey: "${SALES_PD_KEY}"}
              sales-mail: {type: email, to: [sales-data@company.com]}
              everyone: {type: webhook, url: "http://127.0.0.1:9/all", secret: "${ALL_SECRET}"}
            routes:
              - id: sales
                match: {domain: sales}
                to: [sales-hook, sales-mail]
              - id: paged
                match: {domain: sales, severity: critical}
                to: [sales-pager, sales-hook]
              - id: one-check
                match: {product: sales/orders-daily-summary, check: "row_count_delta:*"}
                to: [sales-slack]
              - id: all
                to: [everyone]
            """;

    @Test
    void anAlertGoesToTheDestinationsOfEveryRouteItMatchesEachOnce() {
        RoutingFile routing = RoutingFile.parse("routing.yaml", FILE);
        var quality =
                Alerts.of("sales/orders-daily-summary", AlertKind.QUALITY, AlertState.FIRING, "row_count_delta:*", 1);
        assertThat(routing.destinationsFor(quality))
                .extracting(RoutingFile.Destination::name)
                .containsExactly("sales-hook", "sales-mail", "sales-slack", "everyone");
        var freshness = Alerts.of("sales/orders-daily-summary", AlertKind.FRESHNESS, AlertState.FIRING, "freshness", 1);
        assertThat(routing.destinationsFor(freshness))
                .extracting(RoutingFile.Destination::name)
                .containsExactly("sales-hook", "sales-mail", "sales-pager", "everyone");
        var other = Alerts.of("customers/customer-profile", AlertKind.FRESHNESS, AlertState.FIRING, "freshness", 1);
        assertThat(routing.destinationsFor(other))
                .extracting(RoutingFile.Destination::name)
                .containsExactly("everyone");
        assertThat(routing.destinations().get("sales-pager").url()).isEqualTo(RoutingFile.PAGERDUTY_EVENTS_URL);
    }

    @Test
    void aSecretWrittenIntoTheFileIsRefusedNamingTheField() {
        String literal = FILE.replace("secret: \"${SALES_HOOK_SECRET}\"", "secret: hunter2")
                .replace("url: \"${SALES_SLACK_URL}\"", "url: https://hooks.slack.com/services/T0/B0/xyz");
        assertThatThrownBy(() -> RoutingFile.parse("routing.yaml", literal))
                .isInstanceOfSatisfying(
                        RoutingFileException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p ->
                                        assertThat(p).startsWith("destinations.sales-hook.secret: must be an ${ENV}"))
                                .anySatisfy(p ->
                                        assertThat(p).startsWith("destinations.sales-slack.url: must be an ${ENV}")))
                .hasMessageNotContaining("hunter2 ")
                .hasMessageContaining("routing.yaml");
    }

    @Test
    void everyProblemOfAMalformedFileIsNamedByItsPlace() {
        String broken = FILE.replace("to: [sales-pager, sales-hook]", "to: [sales-pagr]")
                .replace("severity: critical", "severity: urgent")
                .replace("type: email", "type: fax")
                .replace("- id: all\n", "- id: sales\n    stop: true\n");
        assertThatThrownBy(() -> RoutingFile.parse("routing.yaml", broken))
                .isInstanceOfSatisfying(
                        RoutingFileException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "destinations.sales-mail.type: one of webhook, slack, pagerduty, email, not fax",
                                        "routes[1] (paged).match.severity: critical or warning, not urgent",
                                        "routes[3] (sales).id: used by an earlier route; ids are unique")
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("routes[1] (paged).to: unknown destination 'sales-pagr'"))
                                .anySatisfy(p -> assertThat(p).startsWith("routes[3] (sales).stop: unknown field")));
        assertThatThrownBy(() -> RoutingFile.parse("r.yaml", "destinations: [unclosed"))
                .isInstanceOf(RoutingFileException.class)
                .hasMessageContaining("not YAML");
        assertThatThrownBy(() -> RoutingFile.parse("r.yaml", "just text"))
                .isInstanceOf(RoutingFileException.class)
                .hasMessageContaining("a mapping with apiVersion");
    }

    @Test
    void aServiceWithoutTheSecretsItsFileNamesRefusesToStart() {
        RoutingFile routing = RoutingFile.parse("routing.yaml", FILE);
        assertThatThrownBy(() -> routing.requireEnvironment("routing.yaml", Map.of("SALES_HOOK_SECRET", "s3")))
                .isInstanceOfSatisfying(
                        RoutingFileException.class,
                        e -> assertThat(e.problems())
                                .hasSize(3)
                                .anySatisfy(
                                        p -> assertThat(p).contains("sales-slack.url", "SALES_SLACK_URL is not set"))
                                .anySatisfy(p -> assertThat(p).contains("sales-pager.routingKey", "SALES_PD_KEY"))
                                .anySatisfy(p -> assertThat(p).contains("everyone.secret", "ALL_SECRET")));
        routing.requireEnvironment(
                "routing.yaml",
                Map.of("SALES_HOOK_SECRET", "a", "SALES_SLACK_URL", "b", "SALES_PD_KEY", "c", "ALL_SECRET", "d"));
        assertThat(RoutingFile.resolve("${A}/x/${B}", Map.of("A", "http://h", "B", "y")))
                .isEqualTo("http://h/x/y");
    }
}
