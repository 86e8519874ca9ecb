package dev.meshplane.descriptor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Maps the {@code metadata} and {@code spec} blocks onto the model and checks their structure: required fields, names,
 * types, durations and numbers, and each quality check against its {@link CheckType}'s rules. Whether the product
 * meets the organisation's standards (owner, on-call, PII, SLA) is the policy engine's question, not this one's.
 */
final class SpecReader {

    static final Set<String> FIELD_TYPES =
            Set.of("string", "int", "long", "double", "float", "boolean", "timestamp", "date", "decimal", "bytes");
    static final Set<String> SOURCE_TYPES = Set.of("postgres", "file");

    private static final Set<String> METADATA =
            Set.of("name", "domain", "owner", "oncall", "version", "description", "tags");
    private static final Set<String> SPEC =
            Set.of("source", "schema", "output", "quality", "freshness", "access", "inputs", "alerts");
    private static final Set<String> ALERT_ROUTE = Set.of("match", "to", "email", "webhook");
    private static final Set<String> ALERT_MATCH = Set.of("check", "severity", "kind");
    private static final Set<String> SOURCE = Set.of("type", "connection", "query", "cursor", "path", "format");
    private static final Set<String> FIELD = Set.of("name", "type", "nullable", "pii", "description");
    private static final Set<String> CHECK = Set.of("type", "column", "threshold", "window", "min", "max");

    private final NodeReader r;

    SpecReader(NodeReader reader) {
        this.r = reader;
    }

    DataProduct.Metadata metadata(Node node, Node root) {
        if (node == null) {
            r.problem(root, "metadata", "metadata is required: give the product a name, a domain and an owner");
        }
        Map<String, Node> m = r.fields(node, "metadata", METADATA);
        String name = r.text(m.get("name"), "metadata.name");
        String domain = r.text(m.get("domain"), "metadata.domain");
        requireName(name, m.get("name"), node, "metadata.name", "the product name, e.g. orders-daily-summary");
        requireName(domain, m.get("domain"), node, "metadata.domain", "the owning domain, e.g. sales");
        List<String> tags = new ArrayList<>();
        List<Node> tagNodes = r.list(m.get("tags"), "metadata.tags");
        for (int i = 0; i < tagNodes.size(); i++) {
            Optional.ofNullable(r.text(tagNodes.get(i), "metadata.tags[" + i + "]"))
                    .ifPresent(tags::add);
        }
        return new DataProduct.Metadata(
                name,
                domain,
                r.text(m.get("owner"), "metadata.owner"),
                r.text(m.get("oncall"), "metadata.oncall"),
                r.text(m.get("version"), "metadata.version"),
                r.text(m.get("description"), "metadata.description"),
                List.copyOf(tags));
    }

    DataProduct.Spec spec(Node node, Node root) {
        if (node == null) {
            r.problem(root, "spec", "spec is required: run 'mesh init' to see a complete descriptor");
        }
        Map<String, Node> s = r.fields(node, "spec", SPEC);
        List<DataProduct.SchemaField> fields = fields(s.get("schema"));
        return new DataProduct.Spec(
                source(s.get("source")),
                fields,
                output(s.get("output")),
                checks(s.get("quality"), fields),
                freshness(s.get("freshness")),
                access(s.get("access")),
                inputs(s.get("inputs")),
                alerts(s.get("alerts")));
    }

    private DataProduct.Source source(Node node) {
        if (node == null) {
            return null;
        }
        Map<String, Node> m = r.fields(node, "spec.source", SOURCE);
        String type = r.text(m.get("type"), "spec.source.type");
        if (type == null) {
            r.problem(node, "spec.source.type", "the source type is required: postgres or file");
        } else if (!SOURCE_TYPES.contains(type)) {
            r.problem(m.get("type"), "spec.source.type", "unknown source type '" + type + "': use postgres or file");
        }
        return new DataProduct.Source(
                type,
                r.text(m.get("connection"), "spec.source.connection"),
                r.text(m.get("query"), "spec.source.query"),
                r.text(m.get("cursor"), "spec.source.cursor"),
                r.text(m.get("path"), "spec.source.path"),
                r.text(m.get("format"), "spec.source.format"));
    }

    private List<DataProduct.SchemaField> fields(Node schemaNode) {
        Map<String, Node> schema = r.fields(schemaNode, "spec.schema", Set.of("fields"));
        List<Node> items = r.list(schema.get("fields"), "spec.schema.fields");
        List<DataProduct.SchemaField> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "spec.schema.fields[" + i + "]";
            Map<String, Node> f = r.fields(items.get(i), path, FIELD);
            String name = r.text(f.get("name"), path + ".name");
            String type = r.text(f.get("type"), path + ".type");
            if (name == null) {
                r.problem(items.get(i), path + ".name", "every field needs a name");
            } else if (!names.add(name)) {
                r.problem(f.get("name"), path + ".name", "field '" + name + "' is declared twice");
            }
            if (type == null) {
                r.problem(items.get(i), path + ".type", "every field needs a type: one of " + sorted(FIELD_TYPES));
            } else if (!FIELD_TYPES.contains(type)) {
                r.problem(
                        f.get("type"),
                        path + ".type",
                        "unknown type '" + type + "': use one of " + sorted(FIELD_TYPES));
            }
            Boolean nullable = r.bool(f.get("nullable"), path + ".nullable");
            out.add(new DataProduct.SchemaField(
                    name,
                    type,
                    Boolean.TRUE.equals(nullable),
                    r.bool(f.get("pii"), path + ".pii"),
                    r.text(f.get("description"), path + ".description")));
        }
        return List.copyOf(out);
    }

    private DataProduct.Output output(Node node) {
        Map<String, Node> m = r.fields(node, "spec.output", Set.of("partitions", "retention"));
        if (node == null) {
            return null;
        }
        Long partitions = r.whole(m.get("partitions"), "spec.output.partitions", "3");
        if (partitions != null && (partitions < 1 || partitions > 1000)) {
            r.problem(m.get("partitions"), "spec.output.partitions", "partitions must be between 1 and 1000");
        }
        String retention = r.text(m.get("retention"), "spec.output.retention");
        duration(retention, m.get("retention"), "spec.output.retention");
        return new DataProduct.Output(partitions == null ? null : partitions.intValue(), retention);
    }

    private List<DataProduct.QualityCheck> checks(Node qualityNode, List<DataProduct.SchemaField> fields) {
        Map<String, Node> quality = r.fields(qualityNode, "spec.quality", Set.of("checks"));
        List<Node> items = r.list(quality.get("checks"), "spec.quality.checks");
        List<DataProduct.QualityCheck> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "spec.quality.checks[" + i + "]";
            Map<String, Node> c = r.fields(items.get(i), path, CHECK);
            CheckType type = checkType(items.get(i), c.get("type"), path + ".type");
            String column = r.text(c.get("column"), path + ".column");
            Double threshold = r.number(c.get("threshold"), path + ".threshold", "0.01");
            String window = r.text(c.get("window"), path + ".window");
            Long min = r.whole(c.get("min"), path + ".min", "1000");
            Long max = r.whole(c.get("max"), path + ".max", "1000000");
            DataProduct.QualityCheck check = new DataProduct.QualityCheck(type, column, threshold, window, min, max);
            for (CheckType.Issue issue : type == null ? List.<CheckType.Issue>of() : type.problems(check)) {
                if (issue.field().isEmpty()) {
                    if (!unreadable(c, check, "min") && !unreadable(c, check, "max")) {
                        r.problem(items.get(i), path, issue.message());
                    }
                } else if (!unreadable(c, check, issue.field())) {
                    Node at = c.get(issue.field());
                    r.problem(at != null ? at : items.get(i), path + "." + issue.field(), issue.message());
                }
            }
            if (column != null && !fields.isEmpty() && fields.stream().noneMatch(f -> column.equals(f.name()))) {
                r.problem(
                        c.get("column"),
                        path + ".column",
                        "column '" + column + "' is not a field of spec.schema.fields: declare it or fix the name");
            }
            duration(window, c.get("window"), path + ".window");
            out.add(check);
        }
        return List.copyOf(out);
    }

    /** The check's type, or {@code null} after reporting a missing or unknown one (with the likely intended one). */
    private CheckType checkType(Node check, Node node, String path) {
        String name = r.text(node, path);
        if (name == null) {
            if (node == null || NodeReader.isNull(node)) {
                r.problem(check, path, "every check needs a type: one of " + String.join(", ", CheckType.wireNames()));
            }
            return null;
        }
        Optional<CheckType> type = CheckType.fromWireName(name);
        if (type.isEmpty()) {
            r.problem(
                    node,
                    path,
                    "unknown check type '" + name + "'"
                            + NodeReader.closest(name, CheckType.wireNames())
                                    .map(best -> ": did you mean '" + best + "'?")
                                    .orElse(": use one of " + String.join(", ", CheckType.wireNames())));
        }
        return type.orElse(null);
    }

    /** The check gives {@code field} but its value could not be read, which was reported already. */
    private static boolean unreadable(Map<String, Node> given, DataProduct.QualityCheck check, String field) {
        Node node = given.get(field);
        Object value = switch (field) {
            case "column" -> check.column();
            case "threshold" -> check.threshold();
            case "window" -> check.window();
            case "min" -> check.min();
            case "max" -> check.max();
            default -> throw new IllegalArgumentException("not a check field: " + field);
        };
        return node != null && value == null && !NodeReader.isNull(node);
    }

    private DataProduct.Freshness freshness(Node node) {
        Map<String, Node> m = r.fields(node, "spec.freshness", Set.of("target", "alert_after"));
        if (node == null) {
            return null;
        }
        String target = r.text(m.get("target"), "spec.freshness.target");
        String alertAfter = r.text(m.get("alert_after"), "spec.freshness.alert_after");
        duration(target, m.get("target"), "spec.freshness.target");
        duration(alertAfter, m.get("alert_after"), "spec.freshness.alert_after");
        return new DataProduct.Freshness(target, alertAfter);
    }

    private DataProduct.Access access(Node node) {
        Map<String, Node> m = r.fields(node, "spec.access", Set.of("default", "allow"));
        if (node == null) {
            return null;
        }
        String def = r.text(m.get("default"), "spec.access.default");
        if (def != null && !def.equals("deny") && !def.equals("allow")) {
            r.problem(m.get("default"), "spec.access.default", "default is deny or allow, found '" + def + "'");
        }
        List<String> teams = new ArrayList<>();
        List<Node> items = r.list(m.get("allow"), "spec.access.allow");
        for (int i = 0; i < items.size(); i++) {
            String path = "spec.access.allow[" + i + "]";
            String team = r.text(r.fields(items.get(i), path, Set.of("team")).get("team"), path + ".team");
            if (team == null) {
                r.problem(items.get(i), path + ".team", "write each allowed consumer as '- team: <team name>'");
            } else {
                teams.add(team);
            }
        }
        return new DataProduct.Access(def, List.copyOf(teams));
    }

    /**
     * {@code spec.alerts}: a list of routes, each with an optional {@code match} and at least one of {@code to}
     * (destination names of the organisation's routing file), {@code email} and {@code webhook: {url, secret}}.
     */
    private List<DataProduct.AlertRoute> alerts(Node node) {
        List<DataProduct.AlertRoute> out = new ArrayList<>();
        List<Node> items = r.list(node, "spec.alerts");
        for (int i = 0; i < items.size(); i++) {
            String path = "spec.alerts[" + i + "]";
            Map<String, Node> m = r.fields(items.get(i), path, ALERT_ROUTE);
            Map<String, Node> match = r.fields(m.get("match"), path + ".match", ALERT_MATCH);
            String check = r.text(match.get("check"), path + ".match.check");
            String severity = r.text(match.get("severity"), path + ".match.severity");
            if (severity != null && !severity.equals("critical") && !severity.equals("warning")) {
                r.problem(
                        match.get("severity"),
                        path + ".match.severity",
                        "severity is critical (freshness alerts) or warning (quality alerts), found '" + severity
                                + "'");
            }
            String kind = r.text(match.get("kind"), path + ".match.kind");
            if (kind != null && !kind.equals("QUALITY") && !kind.equals("FRESHNESS")) {
                r.problem(
                        match.get("kind"), path + ".match.kind", "kind is QUALITY or FRESHNESS, found '" + kind + "'");
            }
            List<String> to = texts(m.get("to"), path + ".to");
            for (int j = 0; j < to.size(); j++) {
                if (!to.get(j).matches("[a-z0-9][a-z0-9-]{0,62}")) {
                    r.problem(
                            m.get("to"),
                            path + ".to[" + j + "]",
                            "'" + to.get(j) + "' is not a destination name: name one of the organisation's alert"
                                    + " routing file (lowercase letters, digits, '-')");
                }
            }
            List<String> email = texts(m.get("email"), path + ".email");
            for (int j = 0; j < email.size(); j++) {
                if (!email.get(j).matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    r.problem(
                            m.get("email"),
                            path + ".email[" + j + "]",
                            "'" + email.get(j) + "' is not an e-mail address");
                }
            }
            String url = null;
            String secret = null;
            if (m.get("webhook") != null) {
                Map<String, Node> w = r.fields(m.get("webhook"), path + ".webhook", Set.of("url", "secret"));
                url = r.text(w.get("url"), path + ".webhook.url");
                secret = r.text(w.get("secret"), path + ".webhook.secret");
                if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
                    r.problem(
                            m.get("webhook"),
                            path + ".webhook.url",
                            "the webhook's url is required: an http(s) URL the alerting service posts to");
                }
                if (secret == null) {
                    r.problem(
                            m.get("webhook"),
                            path + ".webhook.secret",
                            "the webhook's signing key is required, as an ${ENV} reference such as"
                                    + " ${ORDERS_HOOK_SECRET} (set where the alerting service runs)");
                } else if (EnvReferences.variable(secret).isEmpty()) {
                    r.problem(
                            w.get("secret"),
                            path + ".webhook.secret",
                            "must be an ${ENV} reference such as ${ORDERS_HOOK_SECRET}, never the key itself: a"
                                    + " descriptor is code, and code holds no secret");
                }
            }
            if (to.isEmpty() && email.isEmpty() && url == null) {
                r.problem(
                        items.get(i),
                        path,
                        "say where these alerts go: to (the routing file's destinations), email or webhook");
            }
            out.add(new DataProduct.AlertRoute(
                    check, severity, kind, List.copyOf(to), List.copyOf(email), url, secret));
        }
        return List.copyOf(out);
    }

    /** A list of strings at {@code path} (a single string counts as a list of one). */
    private List<String> texts(Node node, String path) {
        List<String> out = new ArrayList<>();
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            Optional.ofNullable(r.text(node, path)).ifPresent(out::add);
            return out;
        }
        List<Node> items = r.list(node, path);
        for (int i = 0; i < items.size(); i++) {
            Optional.ofNullable(r.text(items.get(i), path + "[" + i + "]")).ifPresent(out::add);
        }
        return out;
    }

    private List<String> inputs(Node node) {
        List<String> out = new ArrayList<>();
        List<Node> items = r.list(node, "spec.inputs");
        for (int i = 0; i < items.size(); i++) {
            String path = "spec.inputs[" + i + "]";
            Map<String, Node> m = r.fields(items.get(i), path, Set.of("product"));
            String product = r.text(m.get("product"), path + ".product");
            if (product == null) {
                r.problem(items.get(i), path + ".product", "write each input as '- product: <domain>/<name>'");
                continue;
            }
            try {
                ProductId id = ProductId.parse(product);
                if (!ProductId.isValidName(id.domain()) || !ProductId.isValidName(id.name())) {
                    throw new IllegalArgumentException("'" + product + "' is not a product id");
                }
                out.add(product);
            } catch (IllegalArgumentException e) {
                r.problem(
                        m.get("product"),
                        path + ".product",
                        e.getMessage() + ": write domain/name in lowercase, e.g. customers/customer-profile");
            }
        }
        return List.copyOf(out);
    }

    private void requireName(String value, Node node, Node parent, String path, String what) {
        if (value == null) {
            r.problem(
                    node != null ? node : parent,
                    path,
                    path.substring(path.indexOf('.') + 1) + " is required: " + what);
        } else if (!ProductId.isValidName(value)) {
            r.problem(
                    node,
                    path,
                    "'" + value + "' is not a valid name: use lowercase letters, digits and '-', "
                            + "starting with a letter (at most 63 characters)");
        }
    }

    private Optional<Duration> duration(String text, Node node, String path) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            r.problem(node, path, "'" + text + "' is not a duration: " + Durations.hint());
        }
        return d;
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
