package dev.meshplane.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshplane.descriptor.ProductId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The CLI's read side: products, one product's status, search. All read the catalog over HTTP. */
final class CatalogCommands {

    private CatalogCommands() {}

    /** Options every catalog command shares. */
    static final class CatalogOptions {
        @Option(
                names = "--catalog",
                defaultValue = "${env:MESH_CATALOG_URL:-http://127.0.0.1:8080}",
                description = "Catalog URL (default: $MESH_CATALOG_URL or http://127.0.0.1:8080).")
        String catalog;

        @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        ValidateCommand.Output output;
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        CatalogOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String usage = checkArguments();
            if (usage != null) {
                err.println("mesh " + spec.name() + ": " + usage);
                return MeshCli.USAGE;
            }
            try {
                JsonNode body = ApiClient.catalog(options.catalog).get(path());
                int exit = answer(body, out, err);
                out.flush();
                err.flush();
                return exit;
            } catch (ApiClient.ApiException e) {
                err.println("mesh " + spec.name() + ": " + e.getMessage());
                return e.exitCode;
            }
        }

        /** What is wrong with the arguments, checked before asking the catalog; null when nothing is. */
        String checkArguments() {
            return null;
        }

        /** Prints the catalog's answer and returns the exit code. */
        int answer(JsonNode body, PrintWriter out, PrintWriter err) {
            show(body, out);
            return MeshCli.OK;
        }

        final void show(JsonNode body, PrintWriter out) {
            if (options.output == ValidateCommand.Output.json) {
                out.println(body.toString());
            } else {
                print(body, out);
            }
        }

        abstract String path();

        abstract void print(JsonNode body, PrintWriter out);
    }

    @Command(name = "products", mixinStandardHelpOptions = true, description = "List the mesh's products.")
    static final class Products extends Base {
        @Option(names = "--domain", description = "Only this domain's products.")
        String domain;

        @Option(names = "--size", defaultValue = "100", description = "How many to list (default: ${DEFAULT-VALUE}).")
        int size;

        @Override
        String path() {
            return "/api/v1/products?size=" + size + (domain == null ? "" : "&domain=" + ApiClient.encode(domain));
        }

        @Override
        void print(JsonNode body, PrintWriter out) {
            out.printf(
                    "%-40s %-10s %-9s %-30s %-9s %s%n", "PRODUCT", "STATUS", "VERSION", "OWNER", "FRESHNESS", "ALERTS");
            for (JsonNode p : body.path("items")) {
                out.printf(
                        "%-40s %-10s %-9s %-30s %-9s %d%n",
                        p.path("productId").asText(),
                        p.path("status").asText(),
                        text(p, "version"),
                        text(p, "owner"),
                        text(p, "freshness"),
                        p.path("openAlerts").asInt());
            }
            out.printf(
                    "%d of %d product(s)%n",
                    body.path("items").size(), body.path("total").asInt());
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "One product: owner, on-call, SLA, output topic, quality and freshness, lineage."
                    + " Exit 0 published, 1 not published (no such product, or every request rejected), 2 usage or"
                    + " the catalog did not answer.")
    static final class Status extends Base {
        @Parameters(index = "0", paramLabel = "DOMAIN/NAME", description = "The product id.")
        String product;

        @Override
        String checkArguments() {
            try {
                ProductId id = ProductId.parse(product);
                if (ProductId.isValidName(id.domain()) && ProductId.isValidName(id.name())) {
                    return null;
                }
            } catch (IllegalArgumentException e) {
                // said below
            }
            return "'" + product + "' is not a product id: write domain/name in lowercase, e.g. sales/orders";
        }

        @Override
        String path() {
            ProductId id = ProductId.parse(product);
            return "/api/v1/products/" + ApiClient.encode(id.domain()) + "/" + ApiClient.encode(id.name());
        }

        /**
         * The catalog also keeps a view of a product that only signals or rejected requests name: that is not a
         * product anyone can consume, so it is not an exit 0.
         */
        @Override
        int answer(JsonNode d, PrintWriter out, PrintWriter err) {
            String status = d.path("summary").path("status").asText("");
            if (status.isEmpty() || status.equals("null")) {
                err.println("mesh status: no product " + product + " in the catalog");
                return MeshCli.INVALID;
            }
            show(d, out);
            if (!status.equals("PUBLISHED")) {
                err.println("mesh status: " + product + " is not published: governance rejected each of its "
                        + d.path("decisions").asInt() + " request(s); mesh publish lists what to fix");
                return MeshCli.INVALID;
            }
            return MeshCli.OK;
        }

        @Override
        void print(JsonNode d, PrintWriter out) {
            JsonNode s = d.path("summary");
            out.printf(
                    "%s  %s  %s%n",
                    s.path("productId").asText(), s.path("status").asText(), text(s, "version"));
            line(out, "description", text(s, "description"));
            line(out, "owner", text(s, "owner"));
            line(out, "on-call", text(s, "oncall"));
            line(out, "output topic", text(s, "outputTopic") + "  (schema id " + text(d, "schemaGlobalId") + ")");
            line(
                    out,
                    "freshness SLA",
                    d.path("sla").isObject()
                            ? "target " + text(d.path("sla"), "freshnessTarget") + ", alert after "
                                    + text(d.path("sla"), "alertAfter")
                            : "-");
            JsonNode f = d.path("freshness");
            line(
                    out,
                    "freshness now",
                    f.isObject()
                            ? text(f, "status") + " (30-day compliance " + text(f, "compliance30d") + ")"
                            : "no signal yet");
            StringBuilder checks = new StringBuilder();
            for (JsonNode c : d.path("quality").path("declared")) {
                checks.append(checks.isEmpty() ? "" : ", ").append(text(c, "type"));
                if (!c.path("column").isNull() && !c.path("column").isMissingNode()) {
                    checks.append('(').append(c.path("column").asText()).append(')');
                }
            }
            line(out, "quality checks", checks.isEmpty() ? "-" : checks.toString());
            for (JsonNode c : d.path("quality").path("latest")) {
                line(out, "  " + text(c, "checkId"), text(c, "status") + " observed " + text(c, "observed"));
            }
            line(out, "open alerts", Integer.toString(d.path("openAlerts").size()));
            for (JsonNode a : d.path("openAlerts")) {
                line(out, "  " + text(a, "kind"), text(a, "summary"));
            }
            line(out, "upstream", join(d.path("upstream")));
            line(out, "downstream", join(d.path("downstream")));
            line(
                    out,
                    "feedback",
                    d.path("feedback").path("responses").asInt() + " response(s), NPS "
                            + text(d.path("feedback"), "nps"));
            JsonNode access = d.path("access");
            List<String> granted = new ArrayList<>();
            access.path("granted").forEach(g -> granted.add(g.path("team").asText()));
            line(
                    out,
                    "readers",
                    (granted.isEmpty() ? "no team" : String.join(", ", granted)) + "; "
                            + access.path("pending").size() + " request(s) waiting (mesh access list "
                            + d.path("summary").path("productId").asText() + ")");
            List<String> observed = new ArrayList<>();
            access.path("observed").forEach(o -> {
                if (o.path("present").asBoolean()) {
                    observed.add(o.path("group").asText() + " (" + o.path("lag").asLong() + " behind"
                            + (o.path("flagged").asBoolean() ? ", ! no grant for its team" : "") + ")");
                }
            });
            line(out, "observed", observed.isEmpty() ? "no consumer group" : String.join(", ", observed));
            JsonNode lastRead = access.path("lastReadAt");
            line(
                    out,
                    "last read",
                    lastRead.isNumber()
                            ? java.time.Instant.ofEpochMilli(lastRead.asLong()).toString()
                            : "never seen reading");
            line(
                    out,
                    "history",
                    d.path("versions").asInt() + " version(s), "
                            + d.path("decisions").asInt() + " decision(s)");
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Search names, descriptions, tags, field names and domains.")
    static final class Search extends Base {
        @Parameters(arity = "1..*", paramLabel = "TEXT", description = "What to look for.")
        List<String> words;

        @Override
        String path() {
            return "/api/v1/search?q=" + ApiClient.encode(String.join(" ", words));
        }

        @Override
        void print(JsonNode body, PrintWriter out) {
            if (body.isEmpty()) {
                out.println("no product matches '" + String.join(" ", words) + "'");
                return;
            }
            for (JsonNode hit : body) {
                JsonNode p = hit.path("product");
                out.printf(
                        "%-40s %4d  %s%n",
                        p.path("productId").asText(), hit.path("score").asInt(), text(p, "description"));
            }
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("  %-16s %s%n", label, value);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "-" : v.asText();
    }

    private static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        array.forEach(n -> sb.append(sb.isEmpty() ? "" : ", ").append(n.asText()));
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
