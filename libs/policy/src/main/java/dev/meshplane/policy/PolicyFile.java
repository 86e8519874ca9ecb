package dev.meshplane.policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a policy file: organisation rules, and per domain, stricter rules and the warnings it opts out of.
 *
 * <pre>
 * apiVersion: mesh/v1
 * kind: PolicySet
 * organisation:
 *   rules:
 *     - {id: ..., severity: error, domains: [..], expression: "...", message: "...", path: metadata.owner}
 * domains:
 *   sales:
 *     rules: [...]
 *     disable: [description-present]   # warnings only: an organisation error cannot be switched off
 *     publishers: {teams: [..], people: [..]}
 *     access:                          # rules on requests to read the domain's products
 *       - {id: ..., when: "request.team == product.domain", then: approve}
 * </pre>
 *
 * The organisation's block holds {@code access} rules too: they apply to every domain's products.
 *
 * Every problem in the file (a rule that does not compile, a domain disabling an error) is collected; the file is
 * refused as a whole, never partly applied.
 */
final class PolicyFile {

    record Loaded(
            List<CelRule> rules,
            Map<String, Set<String>> disabled,
            Map<String, DomainPublishers> publishers,
            List<AccessRule> access) {}

    /** What a domain's block may hold; anything else is a typo the file's author should hear about. */
    private static final Set<String> ACCESS_RULE_KEYS = Set.of("id", "when", "then", "message");

    private static final Set<String> DOMAIN_KEYS = Set.of("rules", "disable", "publishers", "access");

    private PolicyFile() {}

    static Loaded read(Path file, List<Policy> builtIns) {
        Object root;
        try (Reader in = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            root = new Yaml(new SafeConstructor(options)).load(in);
        } catch (IOException e) {
            throw new PolicyFileException(file + ": cannot read the policy file (" + e.getMessage() + ")", List.of());
        } catch (RuntimeException e) {
            throw new PolicyFileException(file + ": not valid YAML: " + e.getMessage(), List.of());
        }
        List<String> problems = new ArrayList<>();
        List<CelRule> rules = new ArrayList<>();
        Map<String, Set<String>> disabled = new HashMap<>();
        Map<String, DomainPublishers> publishers = new HashMap<>();
        Map<String, Object> top = map(root, "the file", problems);
        if (!"PolicySet".equals(top.get("kind"))) {
            problems.add("kind must be PolicySet");
        }
        Map<String, Severity> known = new HashMap<>();
        builtIns.forEach(p -> known.put(p.id(), p.severity()));
        Map<String, Object> org = map(top.get("organisation"), "organisation", problems);
        rules(org.get("rules"), "organisation", problems, rules, known);
        List<AccessRule> access = new ArrayList<>();
        Set<String> accessIds = new HashSet<>();
        accessRules(org.get("access"), "organisation", problems, access, accessIds);
        Map<String, Object> domains = map(top.get("domains"), "domains", problems);
        Map<String, Severity> orgKnown = Map.copyOf(known);
        for (Map.Entry<String, Object> d : domains.entrySet()) {
            String domain = d.getKey();
            Map<String, Object> block = map(d.getValue(), "domains." + domain, problems);
            for (String key : block.keySet()) {
                if (!DOMAIN_KEYS.contains(key)) {
                    problems.add("domains." + domain + "." + key + ": unknown; a domain's block holds "
                            + String.join(", ", new TreeSet<>(DOMAIN_KEYS)));
                }
            }
            rules(block.get("rules"), domain, problems, rules, known);
            accessRules(block.get("access"), domain, problems, access, accessIds);
            if (block.containsKey("publishers")) {
                publishers.put(domain, publishers(block.get("publishers"), domain, problems));
            }
            Set<String> off = new LinkedHashSet<>();
            for (Object id : list(block.get("disable"), "domains." + domain + ".disable", problems)) {
                Severity severity = orgKnown.get(String.valueOf(id));
                if (severity == null) {
                    problems.add("domains." + domain + ".disable: no organisation policy '" + id + "'");
                } else if (severity == Severity.ERROR) {
                    problems.add("domains." + domain + ".disable: '" + id + "' is an organisation error: a domain may"
                            + " add stricter rules but not switch off an organisation error");
                } else {
                    off.add(String.valueOf(id));
                }
            }
            disabled.put(domain, off);
        }
        if (!problems.isEmpty()) {
            throw new PolicyFileException(file + ": " + problems.size() + " problem(s) in the policy file", problems);
        }
        return new Loaded(List.copyOf(rules), Map.copyOf(disabled), Map.copyOf(publishers), List.copyOf(access));
    }

    /** {@code access: [{id, when, then: approve|refuse, message}]} of the organisation or one domain. */
    private static void accessRules(
            Object node, String scope, List<String> problems, List<AccessRule> out, Set<String> ids) {
        String prefix = ("organisation".equals(scope) ? "organisation" : "domains." + scope) + ".access";
        int i = 0;
        for (Object item : list(node, prefix, problems)) {
            String where = prefix + "[" + i++ + "]";
            Map<String, Object> r = map(item, where, problems);
            for (String key : r.keySet()) {
                if (!ACCESS_RULE_KEYS.contains(key)) {
                    problems.add(where + "." + key + ": unknown; an access rule holds "
                            + String.join(", ", new TreeSet<>(ACCESS_RULE_KEYS)));
                }
            }
            String id = text(r.get("id"));
            String when = text(r.get("when"));
            String then = text(r.get("then"));
            String message = text(r.get("message"));
            if (id == null || when == null || then == null) {
                problems.add(where + ": an access rule needs id, when and then (approve or refuse)");
                continue;
            }
            if (!ids.add(id)) {
                problems.add(where + ": access rule id '" + id + "' is already used");
                continue;
            }
            AccessRule.Then action;
            if ("approve".equals(then)) {
                action = AccessRule.Then.APPROVE;
            } else if ("refuse".equals(then)) {
                action = AccessRule.Then.REFUSE;
                if (message == null) {
                    problems.add(where + ": a refusing rule needs a message that tells the requester what to change");
                    continue;
                }
            } else {
                problems.add(where + ".then: '" + then + "' is neither approve nor refuse");
                continue;
            }
            try {
                out.add(AccessRule.compile(id, scope, when, action, message == null ? "" : message));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    /**
     * {@code publishers: {teams: [..], people: [..]}}: who besides the domain's own team publishes its products. The
     * domain's team is always among them: a domain cannot lock its own team out.
     */
    private static DomainPublishers publishers(Object node, String domain, List<String> problems) {
        String where = "domains." + domain + ".publishers";
        Map<String, Object> block = map(node, where, problems);
        Set<String> teams = new LinkedHashSet<>(List.of(domain));
        Set<String> people = new LinkedHashSet<>();
        for (String key : block.keySet()) {
            if (!key.equals("teams") && !key.equals("people")) {
                problems.add(where + "." + key + ": unknown; publishers holds teams and people");
            }
        }
        for (Object team : list(block.get("teams"), where + ".teams", problems)) {
            if (team instanceof String t && !t.isBlank()) {
                teams.add(t);
            } else {
                problems.add(where + ".teams: '" + team + "' is not a team name");
            }
        }
        for (Object person : list(block.get("people"), where + ".people", problems)) {
            if (person instanceof String name && !name.isBlank()) {
                people.add(name);
            } else {
                problems.add(where + ".people: '" + person + "' is not a user name");
            }
        }
        return new DomainPublishers(teams, people);
    }

    private static void rules(
            Object node, String scope, List<String> problems, List<CelRule> out, Map<String, Severity> known) {
        int i = 0;
        for (Object item : list(node, scope + ".rules", problems)) {
            String where = scope + ".rules[" + i++ + "]";
            Map<String, Object> r = map(item, where, problems);
            String id = text(r.get("id"));
            String expression = text(r.get("expression"));
            String message = text(r.get("message"));
            if (id == null || expression == null || message == null) {
                problems.add(where + ": a rule needs id, expression and message");
                continue;
            }
            if (known.containsKey(id)) {
                problems.add(where + ": rule id '" + id + "' is already used");
                continue;
            }
            try {
                Severity severity =
                        Severity.parse(r.getOrDefault("severity", "error").toString());
                Set<String> domains = new LinkedHashSet<>();
                list(r.get("domains"), where + ".domains", problems).forEach(d -> domains.add(String.valueOf(d)));
                if (!"organisation".equals(scope)) {
                    domains.clear();
                    domains.add(scope);
                }
                String path = r.get("path") == null ? "" : r.get("path").toString();
                out.add(CelRule.compile(id, severity, scope, Set.copyOf(domains), expression, message, path));
                known.put(id, severity);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where, List<String> problems) {
        if (node == null) {
            return Map.of();
        }
        if (node instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        problems.add(where + ": expected a mapping");
        return Map.of();
    }

    private static List<?> list(Object node, String where, List<String> problems) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof List<?> l) {
            return l;
        }
        problems.add(where + ": expected a list");
        return List.of();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
