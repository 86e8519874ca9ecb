package dev.meshplane.descriptor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, located reads from a composed YAML node tree. Every read that fails records a {@link Problem} with the
 * node's line and column and returns {@code null}, so one pass over a file reports every mistake in it.
 */
final class NodeReader {

    /** Deeper than any descriptor needs; also stops a recursive alias from looping. */
    private static final int MAX_DEPTH = 12;

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, int[]> locations = new LinkedHashMap<>();

    NodeReader(String source) {
        this.source = source;
    }

    List<Problem> problems() {
        return problems;
    }

    Map<String, int[]> locations() {
        return locations;
    }

    void problem(Node at, String path, String message) {
        int line = at == null ? 0 : at.getStartMark().getLine() + 1;
        int column = at == null ? 0 : at.getStartMark().getColumn() + 1;
        problems.add(new Problem(source, line, column, path, message));
    }

    /** The entries of a mapping by key, after reporting duplicate, unknown and non-text keys. */
    Map<String, Node> fields(Node node, String path, Set<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (depth(path) > MAX_DEPTH) {
            problem(node, path, "nested too deeply: a descriptor is at most " + MAX_DEPTH + " levels deep");
            return out;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping (key: value lines) but found " + describe(node));
            return out;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                problem(keyNode, path, "a key must be plain text");
                continue;
            }
            String name = key.getValue();
            String child = path.isEmpty() ? name : path + "." + name;
            if (!known.contains(name)) {
                problem(keyNode, child, "unknown field '" + name + "'" + suggestion(name, known));
                continue;
            }
            if (out.containsKey(name)) {
                problem(keyNode, child, "'" + name + "' is given twice: keep one");
                continue;
            }
            locate(child, keyNode);
            out.put(name, tuple.getValueNode());
        }
        return out;
    }

    List<Node> list(Node node, String path) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            problem(node, path, "expected a list ('- item' lines or [a, b]) but found " + describe(node));
            return List.of();
        }
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            locate(path + "[" + i + "]", items.get(i));
        }
        return items;
    }

    String text(Node node, String path) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path, "expected a single value but found " + describe(node));
            return null;
        }
        return scalar.getValue();
    }

    Double number(Node node, String path, String example) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(node, path, "expected a number such as " + example + " but found '" + text + "'");
        return null;
    }

    Long whole(Node node, String path, String example) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            problem(node, path, "expected a whole number such as " + example + " but found '" + text + "'");
            return null;
        }
    }

    Boolean bool(Node node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        return switch (text.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                problem(node, path, "expected true or false but found '" + text + "'");
                yield null;
            }
        };
    }

    void locate(String path, Node node) {
        locations.putIfAbsent(path, new int[] {
            node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1
        });
    }

    /** An explicit YAML null ({@code ~}, {@code null} or nothing after the colon). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static int depth(String path) {
        return path.isEmpty() ? 0 : path.split("[.\\[]").length;
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static String suggestion(String name, Set<String> known) {
        return closest(name, known)
                .map(best -> ": did you mean '" + best + "'?")
                .orElse(": known fields here are "
                        + String.join(", ", known.stream().sorted().toList()));
    }

    /** The known word {@code name} is most likely a misspelling of, if one is close enough. */
    static Optional<String> closest(String name, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(k -> distance(k, name)))
                .filter(best -> distance(best, name) <= Math.max(2, name.length() / 3));
    }

    /** Levenshtein distance, for "did you mean" hints on misspelt keys. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
