package dev.meshplane.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.meshplane.descriptor.DataProduct;

/**
 * An organisation or domain rule written in CEL. The expression sees the descriptor as {@code product} (the YAML's
 * own field names; absent fields are absent keys, so {@code has(product.metadata.oncall)} works) and returns true
 * when the product complies.
 */
public final class CelRule implements Policy {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("product", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String id;
    private final Severity severity;
    private final String scope;
    private final Set<String> domains;
    private final String expression;
    private final String message;
    private final String path;
    private final CelRuntime.Program program;

    private CelRule(
            String id,
            Severity severity,
            String scope,
            Set<String> domains,
            String expression,
            String message,
            String path,
            CelRuntime.Program program) {
        this.id = id;
        this.severity = severity;
        this.scope = scope;
        this.domains = domains;
        this.expression = expression;
        this.message = message;
        this.path = path;
        this.program = program;
    }

    /**
     * Compiles a rule.
     *
     * @param scope {@code organisation} or the domain that owns the rule
     * @throws IllegalArgumentException naming the rule id when the expression does not compile
     */
    static CelRule compile(
            String id,
            Severity severity,
            String scope,
            Set<String> domains,
            String expression,
            String message,
            String path) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            return new CelRule(id, severity, scope, domains, expression, message, path, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(
                    "rule '" + id + "' does not compile: " + e.getMessage().replace('\n', ' '), e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("rule '" + id + "' cannot be planned: " + e.getMessage(), e);
        }
    }

    public String scope() {
        return scope;
    }

    public String expression() {
        return expression;
    }

    public Set<String> domains() {
        return domains;
    }

    public boolean appliesTo(String domain) {
        return domains.isEmpty() || (domain != null && domains.contains(domain));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Severity severity() {
        return severity;
    }

    @Override
    public String description() {
        return message;
    }

    @Override
    public List<Violation> check(DataProduct product, PolicyContext context) {
        return evaluate(ProductMaps.toCel(product));
    }

    List<Violation> evaluate(Map<String, Object> productMap) {
        try {
            Object result = program.eval(Map.of("product", productMap));
            if (Boolean.TRUE.equals(result)) {
                return List.of();
            }
            if (Boolean.FALSE.equals(result)) {
                return List.of(new Violation(id, severity, path, message));
            }
            return List.of(new Violation(
                    id,
                    severity,
                    path,
                    message + " (the rule returned " + result + ", not true or false: fix the rule)"));
        } catch (CelEvaluationException e) {
            // A field the rule needs is missing: the product does not show that it complies.
            return List.of(new Violation(
                    id,
                    severity,
                    path,
                    message + " (could not evaluate: " + e.getMessage().replace('\n', ' ') + ")"));
        }
    }
}
