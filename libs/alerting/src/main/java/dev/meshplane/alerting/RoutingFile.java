package dev.meshplane.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.meshplane.events.v1.AlertStateChanged;

/**
 * Where alerts go, as code: named destinations and the routes that pick them by domain, product, check, severity and
 * kind. An alert goes to the destinations of every route it matches (each once). Secrets (a webhook's signing key, a
 * Slack webhook URL, a PagerDuty routing key) are {@code ${ENV}} references, never literals; {@link
 * #requireEnvironment} checks at start that they are set. A file with any problem is refused as a whole, every problem
 * named by its place ({@code routes[1] (critical-pager).to}).
 *
 * <pre>
 * apiVersion: mesh/v1
 * kind: AlertRouting
 * destinations:
 *   sales-hook: {type: webhook, url: https://hooks.example/meshplane, secret: "${SALES_HOOK_SECRET}"}
 *   sales-slack: {type: slack, url: "${SALES_SLACK_URL}"}
 *   sales-pager: {type: pagerduty, routingKey: "${SALES_PAGERDUTY_KEY}"}
 *   sales-mail: {type: email, to: [sales-data@company.com]}
 * routes:
 *   - id: sales
 *     match: {domain: sales}
 *     to: [sales-hook, sales-mail]
 *   - id: paged
 *     match: {domain: sales, severity: critical}
 *     to: [sales-pager]
 * teams:                     # optional: where a team granted to read a product hears that it is failing
 *   analytics: [analytics-hook]
 * </pre>
 */
public record RoutingFile(Map<String, Destination> destinations, List<Route> routes, Map<String, List<String>> teams) {

    public static final String API_VERSION = "mesh/v1";
    public static final String KIND = "AlertRouting";
    public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> MATCH_KEYS = Set.of("domain", "product", "check", "severity", "kind");

    public enum Type {
        WEBHOOK,
        SLACK,
        PAGERDUTY,
        EMAIL
    }

    /**
     * A destination. {@code url}: where webhook, Slack and PagerDuty messages are posted (a Slack URL is a {@code
     * ${ENV}} reference: it carries the secret); {@code secret}: the webhook's HMAC key, {@code routingKey}: the
     * PagerDuty integration key (both references); {@code to}: e-mail recipients.
     */
    public record Destination(String name, Type type, String url, String secret, String routingKey, List<String> to) {}

    /** Every given field must equal the alert's; a field left out matches anything. */
    public record Match(String domain, String product, String check, Severity severity, String kind) {

        boolean matches(AlertStateChanged alert) {
            String productId = alert.getProductId();
            String alertDomain = productId.contains("/") ? productId.substring(0, productId.indexOf('/')) : productId;
            return (domain == null || domain.equals(alertDomain))
                    && (product == null || product.equals(productId))
                    && (check == null || check.equals(alert.getCheckId()))
                    && (severity == null || severity == Severity.of(alert))
                    && (kind == null || kind.equals(alert.getKind().name()));
        }
    }

    public record Route(String id, Match match, List<String> to) {}

    /** The destinations of every route the alert matches, each once, in the order the file names them. */
    public List<Destination> destinationsFor(AlertStateChanged alert) {
        Set<String> names = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.match().matches(alert)) {
                names.addAll(r.to());
            }
        }
        return names.stream().map(destinations::get).toList();
    }

    /** Where {@code team} hears of trouble on the products it reads (the file's {@code teams}), none when not named. */
    public List<Destination> destinationsForTeam(String team) {
        return teams.getOrDefault(team, List.of()).stream()
                .map(destinations::get)
                .toList();
    }

    /**
     * The {@code ${ENV}} references of every destination that {@code env} does not set, as problems naming the
     * destination, the field and the variable.
     *
     * @throws RoutingFileException when any is missing: the delivering service refuses to start without its secrets
     */
    public void requireEnvironment(String source, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        destinations.values().forEach(d -> {
            check(problems, d, "url", d.url(), env);
            check(problems, d, "secret", d.secret(), env);
            check(problems, d, "routingKey", d.routingKey(), env);
        });
        if (!problems.isEmpty()) {
            throw new RoutingFileException(source, problems);
        }
    }

    private static void check(
            List<String> problems, Destination d, String field, String value, Map<String, String> env) {
        if (value == null) {
            return;
        }
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            String variable = m.group(1);
            if (env.get(variable) == null || env.get(variable).isBlank()) {
                problems.add("destinations." + d.name() + "." + field + ": the environment variable " + variable
                        + " is not set; set it where the service runs (the file names it, never the value)");
            }
        }
    }

    /** {@code value} with every {@code ${ENV}} reference replaced from {@code env} (a missing one stays empty). */
    public static String resolve(String value, Map<String, String> env) {
        if (value == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * @param source what to name the file by in problems (its path)
     * @throws RoutingFileException listing every problem found
     */
    public static RoutingFile parse(String source, String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            String where = "";
            String what = e.getMessage().lines().findFirst().orElse("");
            if (e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                where = " at line " + (m.getProblemMark().getLine() + 1) + ", column "
                        + (m.getProblemMark().getColumn() + 1);
                what = m.getProblem();
            }
            throw new RoutingFileException(
                    source,
                    List.of("not YAML" + where + ": " + what + " (inside {...} write an ${ENV} reference in quotes:"
                            + " secret: \"${HOOK_SECRET}\")"));
        }
        List<String> problems = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top)) {
            throw new RoutingFileException(
                    source, List.of("the file is a mapping with apiVersion, kind, destinations and routes"));
        }
        if (!API_VERSION.equals(top.get("apiVersion"))) {
            problems.add("apiVersion: must be " + API_VERSION + ", not " + top.get("apiVersion"));
        }
        if (!KIND.equals(top.get("kind"))) {
            problems.add("kind: must be " + KIND + ", not " + top.get("kind"));
        }
        unknownKeys(problems, "", top, Set.of("apiVersion", "kind", "destinations", "routes", "teams"));
        Map<String, Destination> destinations = new LinkedHashMap<>();
        Object ds = top.get("destinations");
        if (!(ds instanceof Map<?, ?> dmap) || dmap.isEmpty()) {
            problems.add("destinations: a mapping of at least one named destination");
        } else {
            dmap.forEach((k, v) -> {
                Destination d = destination(problems, String.valueOf(k), v);
                if (d != null) {
                    destinations.put(d.name(), d);
                }
            });
        }
        List<Route> routes = new ArrayList<>();
        Object rs = top.get("routes");
        if (!(rs instanceof List<?> rlist) || rlist.isEmpty()) {
            problems.add("routes: a list of at least one route");
        } else {
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < rlist.size(); i++) {
                Route r = route(problems, i, rlist.get(i), destinations.keySet());
                if (r != null) {
                    if (!ids.add(r.id())) {
                        problems.add("routes[" + i + "] (" + r.id() + ").id: used by an earlier route; ids are unique");
                    }
                    routes.add(r);
                }
            }
        }
        Map<String, List<String>> teams = new LinkedHashMap<>();
        Object ts = top.get("teams");
        if (ts != null && !(ts instanceof Map<?, ?>)) {
            problems.add("teams: a mapping of team name to a list of destination names");
        } else if (ts instanceof Map<?, ?> tmap) {
            tmap.forEach((team, names) -> {
                String at = "teams." + team;
                if (!(names instanceof List<?> list) || list.isEmpty()) {
                    problems.add(at + ": a list of at least one destination name");
                    return;
                }
                List<String> to = new ArrayList<>();
                for (Object name : list) {
                    String n = String.valueOf(name);
                    if (!destinations.containsKey(n)) {
                        problems.add(at + ": unknown destination '" + n + "'; the file's destinations are "
                                + destinations.keySet());
                    }
                    to.add(n);
                }
                teams.put(String.valueOf(team), List.copyOf(to));
            });
        }
        if (!problems.isEmpty()) {
            throw new RoutingFileException(source, problems);
        }
        return new RoutingFile(Map.copyOf(destinations), List.copyOf(routes), Map.copyOf(teams));
    }

    private static Destination destination(List<String> problems, String name, Object value) {
        String at = "destinations." + name;
        if (!NAME.matcher(name).matches()) {
            problems.add(at + ": a name is lowercase letters, digits and dashes");
        }
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(at + ": a mapping with type and its fields");
            return null;
        }
        Type type;
        try {
            type = Type.valueOf(String.valueOf(m.get("type")).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(at + ".type: one of webhook, slack, pagerduty, email, not " + m.get("type"));
            return null;
        }
        String url = text(m, "url");
        String secret = text(m, "secret");
        String routingKey = text(m, "routingKey");
        List<String> to = new ArrayList<>();
        switch (type) {
            case WEBHOOK -> {
                unknownKeys(problems, at + ".", m, Set.of("type", "url", "secret"));
                requireUrl(problems, at + ".url", url, false);
                requireReference(problems, at + ".secret", secret, "the key the body's HMAC is signed with");
            }
            case SLACK -> {
                unknownKeys(problems, at + ".", m, Set.of("type", "url"));
                requireReference(problems, at + ".url", url, "a Slack incoming-webhook URL carries its secret");
            }
            case PAGERDUTY -> {
                unknownKeys(problems, at + ".", m, Set.of("type", "url", "routingKey"));
                requireReference(problems, at + ".routingKey", routingKey, "the integration's routing key");
                if (url == null) {
                    url = PAGERDUTY_EVENTS_URL;
                } else {
                    requireUrl(problems, at + ".url", url, false);
                }
            }
            case EMAIL -> {
                unknownKeys(problems, at + ".", m, Set.of("type", "to"));
                if (!(m.get("to") instanceof List<?> list) || list.isEmpty()) {
                    problems.add(at + ".to: a list of at least one e-mail address");
                } else {
                    for (Object address : list) {
                        String a = String.valueOf(address);
                        if (!a.matches("[^@\\s]+@[^@\\s]+")) {
                            problems.add(at + ".to: '" + a + "' is not an e-mail address");
                        }
                        to.add(a);
                    }
                }
            }
        }
        return new Destination(name, type, url, secret, routingKey, List.copyOf(to));
    }

    private static Route route(List<String> problems, int i, Object value, Set<String> known) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add("routes[" + i + "]: a mapping with id, match and to");
            return null;
        }
        String id = text(m, "id");
        String at = "routes[" + i + "]" + (id == null ? "" : " (" + id + ")");
        if (id == null || id.isBlank()) {
            problems.add(at + ".id: every route has an id, named in problems and deliveries");
        }
        unknownKeys(problems, at + ".", m, Set.of("id", "match", "to"));
        Map<?, ?> match = m.get("match") instanceof Map<?, ?> mm ? mm : Map.of();
        if (m.get("match") != null && !(m.get("match") instanceof Map<?, ?>)) {
            problems.add(at + ".match: a mapping of domain, product, check, severity, kind");
        }
        unknownKeys(problems, at + ".match.", match, MATCH_KEYS);
        Severity severity = null;
        if (match.get("severity") != null) {
            try {
                severity =
                        Severity.valueOf(String.valueOf(match.get("severity")).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".match.severity: critical or warning, not " + match.get("severity"));
            }
        }
        String kind = text(match, "kind");
        if (kind != null && !kind.equals("QUALITY") && !kind.equals("FRESHNESS")) {
            problems.add(at + ".match.kind: QUALITY or FRESHNESS, not " + kind);
        }
        List<String> to = new ArrayList<>();
        if (!(m.get("to") instanceof List<?> list) || list.isEmpty()) {
            problems.add(at + ".to: a list of at least one destination name");
        } else {
            for (Object name : list) {
                String n = String.valueOf(name);
                if (!known.contains(n)) {
                    problems.add(at + ".to: unknown destination '" + n + "'; the file's destinations are " + known);
                }
                to.add(n);
            }
        }
        return new Route(
                id,
                new Match(text(match, "domain"), text(match, "product"), text(match, "check"), severity, kind),
                List.copyOf(to));
    }

    private static void requireUrl(List<String> problems, String at, String url, boolean secret) {
        if (url == null) {
            problems.add(at + ": required");
        } else if (!url.startsWith("http://")
                && !url.startsWith("https://")
                && !REFERENCE.matcher(url).lookingAt()) {
            problems.add(at + ": an http(s) URL or an ${ENV} reference, not " + url);
        }
    }

    private static void requireReference(List<String> problems, String at, String value, String what) {
        if (value == null) {
            problems.add(at + ": required (" + what + "), as an ${ENV} reference");
        } else if (!REFERENCE.matcher(value).matches()) {
            problems.add(at + ": must be an ${ENV} reference such as ${SALES_HOOK_SECRET}, never the value itself ("
                    + what + "); the file is code, and code holds no secret");
        }
    }

    private static void unknownKeys(List<String> problems, String at, Map<?, ?> m, Set<String> allowed) {
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                problems.add(at + k + ": unknown field; allowed here: "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
