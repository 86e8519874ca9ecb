package dev.meshplane.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.descriptor.Problem;
import dev.meshplane.policy.PolicyContext;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.policy.Violation;

/**
 * Everything {@code mesh validate} found in one file: structure problems from the parser and policy violations from
 * the engine, located in the file, in file order. A policy finding at a path the parser already reported is dropped,
 * so one mistake is reported once.
 */
record Findings(ParsedDescriptor parsed, List<Finding> items) {

    record Finding(Problem at, String policyId, String severity) {
        boolean blocking() {
            return !"warning".equals(severity);
        }
    }

    static Findings of(ParsedDescriptor parsed, PolicyEngine engine) {
        List<Finding> items = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Problem p : parsed.problems()) {
            items.add(new Finding(p, "structure", "error"));
            reported.add(p.path());
        }
        if (parsed.product().isPresent() && engine != null) {
            for (Violation v : engine.evaluate(parsed.product().get(), PolicyContext.offline())) {
                if (!reported.contains(v.path())) {
                    items.add(new Finding(
                            parsed.problemAt(v.path(), v.message()),
                            v.policyId(),
                            v.severity().label()));
                }
            }
        }
        items.sort(Comparator.comparingInt((Finding f) -> f.at().line()).thenComparingInt(f -> f.at().column()));
        return new Findings(parsed, items);
    }

    boolean valid() {
        return parsed.product().isPresent() && items.stream().noneMatch(Finding::blocking);
    }

    long errors() {
        return items.stream().filter(Finding::blocking).count();
    }

    long warnings() {
        return items.size() - errors();
    }

    Map<String, Object> toJson() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", parsed.source());
        r.put("valid", valid());
        r.put("product", parsed.product().map(p -> p.id().toString()).orElse(null));
        List<Object> problems = new ArrayList<>();
        for (Finding f : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", f.at().line());
            m.put("column", f.at().column());
            m.put("path", f.at().path());
            m.put("policy", f.policyId());
            m.put("severity", f.severity());
            m.put("message", f.at().message());
            problems.add(m);
        }
        r.put("problems", problems);
        return r;
    }
}
