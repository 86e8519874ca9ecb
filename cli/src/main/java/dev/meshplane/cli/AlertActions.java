package dev.meshplane.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh alerts ack|snooze|resolve ALERT_ID}: act on an alert's incident through the alerting service, as the
 * login's person. Only the product's owning team (named like its domain) and its on-call may.
 */
final class AlertActions {

    private AlertActions() {}

    /** Where the alerting service's API is, and whose login to use. */
    static final class AlertingOptions {
        @Option(
                names = "--alerting",
                paramLabel = "URL",
                defaultValue = "${env:MESH_ALERTING_URL:-http://127.0.0.1:8084}",
                description = "Alerting service URL (default: $MESH_ALERTING_URL or http://127.0.0.1:8084).")
        String alerting;

        @Mixin
        IdentityOptions identity;
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AlertingOptions options;

        @Parameters(
                index = "0",
                paramLabel = "ALERT_ID",
                description = "The alert, as 'mesh alerts' prints it: sales/orders-daily-summary#row_count_delta.")
        String alertId;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = "mesh alerts " + spec.name();
            try {
                String token = Session.open(options.identity.issuer).accessToken();
                ApiClient api = new ApiClient("alerting", "--alerting", options.alerting, token);
                JsonNode incident = api.post("/api/alerts/" + path(alertId) + "/" + action(), body());
                out.println(describe(incident));
                return MeshCli.OK;
            } catch (LoginException e) {
                err.println(name + ": " + e.getMessage() + "; nothing was changed");
                return MeshCli.USAGE;
            } catch (ApiClient.ApiException e) {
                err.println(name + ": " + e.getMessage());
                return e.exitCode;
            } finally {
                out.flush();
                err.flush();
            }
        }

        abstract String action();

        Map<String, Object> body() {
            return Map.of();
        }
    }

    @Command(
            name = "ack",
            mixinStandardHelpOptions = true,
            description = "Acknowledge an alert: you are on it; its re-notifications stop.")
    static final class Ack extends Base {
        @Override
        String action() {
            return "ack";
        }
    }

    @Command(
            name = "snooze",
            mixinStandardHelpOptions = true,
            description = "Snooze an alert's re-notifications for a while (1m to 7d).")
    static final class Snooze extends Base {
        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "30m, 2h, 1d, ...")
        String duration;

        @Option(names = "--reason", description = "Why, kept with the incident.")
        String reason;

        @Override
        String action() {
            return "snooze";
        }

        @Override
        Map<String, Object> body() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("for", duration);
            b.put("reason", reason);
            return b;
        }
    }

    @Command(
            name = "resolve",
            mixinStandardHelpOptions = true,
            description = "Resolve an alert's incident, saying why; its destinations are told.")
    static final class Resolve extends Base {
        @Option(names = "--reason", required = true, description = "What was wrong, what was done.")
        String reason;

        @Override
        String action() {
            return "resolve";
        }

        @Override
        Map<String, Object> body() {
            return Map.of("reason", reason);
        }
    }

    /** The alert id in a URL path: each segment encoded ('#' as %23), the slash kept. */
    static String path(String alertId) {
        return Arrays.stream(alertId.split("/", -1))
                .map(s -> ApiClient.encode(s).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    static String describe(JsonNode i) {
        StringBuilder s = new StringBuilder()
                .append(i.path("alertId").asText())
                .append(": ")
                .append(i.path("state").asText());
        if (!i.path("acknowledgedBy").isNull() && !i.path("acknowledgedBy").isMissingNode()) {
            s.append(", acknowledged by ")
                    .append(i.path("acknowledgedBy").asText())
                    .append(" at ")
                    .append(i.path("acknowledgedAt").asText());
        }
        if (i.path("state").asText().equals("SNOOZED")) {
            s.append(", snoozed until ").append(i.path("snoozedUntil").asText());
        }
        if (i.path("state").asText().equals("RESOLVED")) {
            s.append(", resolved by ")
                    .append(i.path("resolvedBy").asText())
                    .append(": ")
                    .append(i.path("reason").asText());
        }
        return s.toString();
    }
}
