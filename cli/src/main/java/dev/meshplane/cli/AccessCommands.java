package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshplane.descriptor.Durations;
import dev.meshplane.descriptor.ProductId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh access ...}: self-service access to products, through governance's access API as the logged-in person
 * (or pipeline). Consumers ask; owners approve, deny or revoke; everyone sees who may read a product.
 */
@Command(
        name = "access",
        mixinStandardHelpOptions = true,
        description = "Who may read a product: ask for access, answer requests as an owner, list the grants.",
        subcommands = {
            AccessCommands.Request.class,
            AccessCommands.Pending.class,
            AccessCommands.Approve.class,
            AccessCommands.Deny.class,
            AccessCommands.Revoke.class,
            AccessCommands.ListGrants.class
        })
final class AccessCommands implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return MeshCli.USAGE;
    }

    /** Where governance's API is, and whose login to use. */
    static final class GovernanceOptions {
        @Option(
                names = "--governance",
                paramLabel = "URL",
                defaultValue = "${env:MESH_GOVERNANCE_URL:-http://127.0.0.1:8081}",
                description = "Governance URL (default: $MESH_GOVERNANCE_URL or http://127.0.0.1:8081).")
        String governance;

        @Mixin
        IdentityOptions identity;
    }

    /** What every access command does: check its arguments, get the login's token, call governance, print. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GovernanceOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = "mesh access " + spec.name();
            try {
                String usage = checkArguments();
                if (usage != null) {
                    err.println(name + ": " + usage);
                    return MeshCli.USAGE;
                }
                String token = Session.open(options.identity.issuer).accessToken();
                ApiClient api = new ApiClient("governance", "--governance", options.governance, token);
                run(api, out);
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

        /** What is wrong with the arguments, checked before anything is sent; null when nothing is. */
        String checkArguments() {
            return null;
        }

        abstract void run(ApiClient api, PrintWriter out);
    }

    @Command(
            name = "request",
            mixinStandardHelpOptions = true,
            description = "Ask for your team to read a product. The owners decide, or the access policy at once.")
    static final class Request extends Base {
        @Parameters(paramLabel = "DOMAIN/NAME", description = "The product, e.g. sales/orders-daily-summary.")
        String product;

        @Option(names = "--team", required = true, description = "Your team that will read it.")
        String team;

        @Option(names = "--reason", description = "Why your team needs it (some products' policy requires it).")
        String reason;

        @Option(
                names = "--until",
                paramLabel = "WHEN",
                description = "When the access should end: 2026-12-31 (through that day, UTC), an instant, or a"
                        + " duration from now such as 30d or 12h.")
        String until;

        @Override
        String checkArguments() {
            String bad = productId(product);
            return bad != null ? bad : checkUntil(until);
        }

        @Override
        void run(ApiClient api, PrintWriter out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("product", product);
            body.put("team", team);
            body.put("reason", reason);
            body.put("until", until(until));
            JsonNode r = api.post("/api/v1/access/requests", body);
            out.printf("request %s: team %s to read %s%s%n", r.path("id").asText(), team, product, untilText(r));
            if ("APPROVED".equals(r.path("state").asText())) {
                out.printf(
                        "APPROVED at once by %s; the broker lets %s read within seconds%n",
                        r.path("decidedBy").asText(), team);
            } else {
                out.println("PENDING: the owners of " + product + " decide (mesh access pending lists it for them)");
            }
        }
    }

    @Command(
            name = "pending",
            mixinStandardHelpOptions = true,
            description = "Requests waiting for their owners: of one product, or of every product.")
    static final class Pending extends Base {
        @Parameters(paramLabel = "DOMAIN/NAME", arity = "0..1", description = "Only this product's requests.")
        String product;

        @Override
        String checkArguments() {
            return product == null ? null : productId(product);
        }

        @Override
        void run(ApiClient api, PrintWriter out) {
            JsonNode list = api.get(
                    "/api/v1/access/requests" + (product == null ? "" : "?product=" + ApiClient.encode(product)));
            if (list.isEmpty()) {
                out.println("no request is waiting" + (product == null ? "" : " for " + product));
                return;
            }
            for (JsonNode r : list) {
                out.printf(
                        "%s  %s  team %s, asked by %s at %s%s%s%n",
                        r.path("id").asText(),
                        r.path("product").asText(),
                        r.path("team").asText(),
                        r.path("requestedBy").asText(),
                        r.path("requestedAt").asText(),
                        untilText(r),
                        r.hasNonNull("reason") ? ": " + r.path("reason").asText() : "");
            }
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "As an owner of the product: approve a request. The team reads it until the end date.")
    static final class Approve extends Base {
        @Parameters(paramLabel = "REQUEST_ID", description = "The request (mesh access pending lists them).")
        String requestId;

        @Option(
                names = "--until",
                paramLabel = "WHEN",
                description = "Replace the end date the request asked for (a date, an instant, or 30d, 12h, ...).")
        String until;

        @Option(names = "--reason", description = "A note kept with the approval.")
        String reason;

        @Override
        String checkArguments() {
            return checkUntil(until);
        }

        @Override
        void run(ApiClient api, PrintWriter out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("until", until(until));
            body.put("reason", reason);
            JsonNode r = api.post("/api/v1/access/requests/" + ApiClient.encode(requestId) + "/approve", body);
            out.printf(
                    "approved request %s: team %s reads %s%s%n",
                    requestId, r.path("team").asText(), r.path("product").asText(), untilText(r));
        }
    }

    @Command(
            name = "deny",
            mixinStandardHelpOptions = true,
            description = "As an owner of the product: deny a request, saying why.")
    static final class Deny extends Base {
        @Parameters(paramLabel = "REQUEST_ID", description = "The request (mesh access pending lists them).")
        String requestId;

        @Option(names = "--reason", required = true, description = "Why: the team reads it.")
        String reason;

        @Override
        void run(ApiClient api, PrintWriter out) {
            JsonNode r = api.post(
                    "/api/v1/access/requests/" + ApiClient.encode(requestId) + "/deny", Map.of("reason", reason));
            out.printf(
                    "denied request %s: team %s does not read %s (%s)%n",
                    requestId, r.path("team").asText(), r.path("product").asText(), reason);
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "As an owner of the product: end a team's grant. The broker stops its reads within seconds.")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "DOMAIN/NAME", description = "The product.")
        String product;

        @Option(names = "--team", required = true, description = "The team whose grant ends.")
        String team;

        @Option(names = "--reason", description = "Why, kept in the audit trail (mesh.access.revocations).")
        String reason;

        @Override
        String checkArguments() {
            return productId(product);
        }

        @Override
        void run(ApiClient api, PrintWriter out) {
            ProductId id = ProductId.parse(product);
            api.delete("/api/v1/access/products/" + ApiClient.encode(id.domain()) + "/" + ApiClient.encode(id.name())
                    + "/grants/" + ApiClient.encode(team)
                    + (reason == null ? "" : "?reason=" + ApiClient.encode(reason)));
            out.printf("revoked: team %s no longer reads %s%n", team, product);
        }
    }

    /**
     * {@code mesh access list DOMAIN/NAME}: the teams the product's current version declares ({@code
     * spec.access.allow}), its grants with who granted them and until when, the requests waiting, and the consumer
     * groups with committed offsets on its topics (their team by prefix, their lag, flagged when the team may not
     * read it).
     */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Who may read a product: declared teams, grants (who granted them, until when), requests"
                    + " waiting, and the consumer groups the broker sees reading it (flagged when their team may"
                    + " not).")
    static final class ListGrants extends Base {
        @Parameters(paramLabel = "DOMAIN/NAME", description = "The product, e.g. sales/orders-daily-summary.")
        String product;

        @Override
        String checkArguments() {
            return productId(product);
        }

        @Override
        void run(ApiClient api, PrintWriter out) {
            ProductId id = ProductId.parse(product);
            JsonNode p = api.get(
                    "/api/v1/access/products/" + ApiClient.encode(id.domain()) + "/" + ApiClient.encode(id.name()));
            out.printf(
                    "%s %s: access by default %s; owners: %s%n",
                    p.path("product").asText(),
                    p.path("version").asText(),
                    p.path("byDefault").asText(),
                    p.path("owners").asText());
            List<String> declared = new ArrayList<>();
            p.path("declared").forEach(t -> declared.add(t.asText()));
            out.printf("declared  %s%n", declared.isEmpty() ? "(no team)" : String.join(", ", declared));
            section(
                    out,
                    "granted ",
                    "(no team)",
                    p.path("granted"),
                    g -> String.format(
                            "%-16s by %s, %s%s",
                            g.path("team").asText(),
                            g.path("grantedBy").asText(),
                            g.path("grantedAt").asText(),
                            untilText(g)));
            section(
                    out,
                    "pending ",
                    "(no team)",
                    p.path("pending"),
                    r -> String.format(
                            "%-16s request %s by %s%s",
                            r.path("team").asText(),
                            r.path("id").asText(),
                            r.path("requestedBy").asText(),
                            untilText(r)));
            if (p.hasNonNull("observedError")) {
                out.println("observed  (not known: " + p.path("observedError").asText() + ")");
                return;
            }
            section(
                    out,
                    "observed",
                    "(no consumer group has committed offsets on its topics)",
                    p.path("observed"),
                    o -> String.format(
                            "%-16s group %s, %d behind%s",
                            o.path("team").asText("(no team)"),
                            o.path("group").asText(),
                            o.path("lag").asLong(),
                            o.path("flagged").asBoolean() ? "  ! its team may not read this product" : ""));
        }

        /** A labelled list, one item a line; {@code none} when it is empty. */
        private static void section(
                PrintWriter out, String label, String none, JsonNode items, Function<JsonNode, String> line) {
            if (items.isEmpty()) {
                out.println(label + "  " + none);
                return;
            }
            String l = label;
            for (JsonNode item : items) {
                out.println(l + "  " + line.apply(item));
                l = " ".repeat(label.length());
            }
        }
    }

    private static String untilText(JsonNode item) {
        return item.hasNonNull("until") ? ", until " + item.path("until").asText() : "";
    }

    private static String productId(String product) {
        try {
            ProductId.parse(product);
            return null;
        } catch (IllegalArgumentException e) {
            return product + " is not a product id: write DOMAIN/NAME, e.g. sales/orders-daily-summary";
        }
    }

    private static String checkUntil(String until) {
        try {
            until(until);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** A duration from now ({@code 30d}, {@code 12h}) as an instant; a date or an instant as written; null as null. */
    static String until(String until) {
        if (until == null || until.isBlank() || until.length() == 10 || until.contains("T")) {
            return until; // governance reads dates and instants, and says what is wrong with them
        }
        Duration d = Durations.parse(until)
                .filter(x -> !x.isZero())
                .orElseThrow(() -> new IllegalArgumentException("--until " + until + " is neither a date"
                        + " (2026-12-31), an instant (2026-12-31T18:00:00Z) nor a duration from now (30d, 12h, 90m)"));
        return Instant.now().plus(d).toString();
    }
}
