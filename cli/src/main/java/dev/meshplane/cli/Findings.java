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
 * so one mistake is reported once. The policies judge a whole descriptor: when the structure is broken (no
 * {@code metadata.domain}, say) and they cannot run on what is there, {@code policiesNotChecked} says so instead.
 */
record Findings(ParsedDescriptor parsed, List<Finding> items, String policiesNotChecked) {

    record Finding(Problem at, String policyId, String severity) {
        boolean blocking() {
            return !"warning".equals(severity);
        }

        /** {@code file:line:column: path: [severity policy] message}; structure problems carry no tag. */
        String format() {
            String tag = policyId.equals("structure") ? "" : "[" + severity + " " + policyId + "] ";
            return new Problem(at.source(), at.line(), at.column(), at.path(), tag + at.message()).format();
        }
    }

    /** The policy engine failed on a descriptor whose structure is sound: a defect of mesh, not of the file. */
    static final class PolicyEngineFailure extends RuntimeException {
        PolicyEngineFailure(String source, RuntimeException cause) {
            super(
                    source + ": the governance policies could not be checked (" + where(cause)
                            + "): this is a bug in mesh, please report it with the descriptor",
                    cause);
        }
    }

    static Findings of(ParsedDescriptor parsed, PolicyEngine engine) {
        List<Finding> items = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Problem p : parsed.problems()) {
            items.add(new Finding(p, "structure", "error"));
            reported.add(p.path());
        }
        String notChecked = null;
        if (parsed.product().isPresent() && engine != null) {
            List<Violation> violations;
            try {
                violations = engine.evaluate(parsed.product().get(), PolicyContext.offline());
            } catch (RuntimeException e) {
                if (parsed.problems().isEmpty()) {
                    throw new PolicyEngineFailure(parsed.source(), e);
                }
                violations = List.of();
                notChecked = "the governance policies were not checked: fix the structure problems first";
            }
            for (Violation v : violations) {
                if (!reported.contains(v.path())) {
                    items.add(new Finding(
                            parsed.problemAt(v.path(), v.message()),
                            v.policyId(),
                            v.severity().label()));
                }
            }
        }
        items.sort(Comparator.comparingInt((Finding f) -> f.at().line()).thenComparingInt(f -> f.at().column()));
        return new Findings(parsed, items, notChecked);
    }

    private static String where(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        String at = trace.length == 0 ? "" : " at " + trace[0].getFileName() + ":" + trace[0].getLineNumber();
        for (StackTraceElement t : trace) {
            if (t.getClassName().startsWith("dev.meshplane.")) {
                at = " at " + t.getFileName() + ":" + t.getLineNumber();
                break;
            }
        }
        return e.getClass().getSimpleName() + at;
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
        if (policiesNotChecked != null) {
            r.put("policiesNotChecked", policiesNotChecked);
        }
        return r;
    }
}
