package dev.meshplane.policy;

import java.util.Map;

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

/**
 * An organisation or domain rule on access requests, in CEL: when its {@code when} expression is true for a request
 * ({@link AccessQuestion}: {@code product} and {@code request}), it approves the request on its own or refuses it.
 * A refusing rule that cannot be evaluated refuses (the request does not show that it complies); an approving rule
 * that cannot be evaluated leaves the request to the owners.
 */
public final class AccessRule {

    /** What a rule does when its expression holds. */
    public enum Then {
        APPROVE,
        REFUSE
    }

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("product", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String id;
    private final String scope;
    private final String when;
    private final Then then;
    private final String message;
    private final CelRuntime.Program program;

    private AccessRule(String id, String scope, String when, Then then, String message, CelRuntime.Program program) {
        this.id = id;
        this.scope = scope;
        this.when = when;
        this.then = then;
        this.message = message;
        this.program = program;
    }

    /**
     * @param scope {@code organisation} or the domain whose products the rule is about
     * @throws IllegalArgumentException naming the rule id when the expression does not compile
     */
    static AccessRule compile(String id, String scope, String when, Then then, String message) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(when).getAst();
            return new AccessRule(id, scope, when, then, message, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(
                    "rule '" + id + "' does not compile: " + e.getMessage().replace('\n', ' '), e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("rule '" + id + "' cannot be planned: " + e.getMessage(), e);
        }
    }

    public String id() {
        return id;
    }

    public String scope() {
        return scope;
    }

    public String when() {
        return when;
    }

    public Then then() {
        return then;
    }

    public String message() {
        return message;
    }

    boolean appliesTo(String domain) {
        return "organisation".equals(scope) || scope.equals(domain);
    }

    /** Whether the rule acts on this request; an expression that fails counts as true for a refusing rule only. */
    boolean matches(Map<String, Object> variables, StringBuilder failure) {
        try {
            Object result = program.eval(variables);
            if (result instanceof Boolean b) {
                return b;
            }
            failure.append("the rule returned ").append(result).append(", not true or false: fix the rule");
        } catch (CelEvaluationException e) {
            failure.append("could not evaluate: ").append(e.getMessage().replace('\n', ' '));
        }
        return then == Then.REFUSE;
    }
}
