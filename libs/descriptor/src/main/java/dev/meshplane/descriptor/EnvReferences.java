package dev.meshplane.descriptor;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} references in descriptor values. Secrets never appear in a descriptor: it names an environment
 * variable, and only the machine that runs the pipeline resolves it.
 */
public final class EnvReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvReferences() {}

    /** True when the value is one reference and nothing else, e.g. {@code ${ORDERS_DB_URI}}. */
    public static boolean isPureReference(String value) {
        return value != null && REFERENCE.matcher(value.trim()).matches();
    }

    /**
     * The variable {@code value} names when it is exactly one reference, untrimmed ({@code ${ORDERS_HOOK_SECRET}} gives
     * {@code ORDERS_HOOK_SECRET}); empty for anything else, a literal secret among them.
     */
    public static java.util.Optional<String> variable(String value) {
        Matcher m = REFERENCE.matcher(value == null ? "" : value);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    public static boolean containsReference(String value) {
        return value != null && REFERENCE.matcher(value).find();
    }

    /**
     * Replaces every reference with its value from {@code env}.
     *
     * @throws MissingVariableException naming the first variable that {@code env} does not define
     */
    public static String resolve(String value, String path, Function<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = env.apply(name);
            if (resolved == null) {
                throw new MissingVariableException(name, path);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A referenced environment variable is not set. The message names it, never any value. */
    public static final class MissingVariableException extends RuntimeException {
        private final String variable;

        public MissingVariableException(String variable, String path) {
            super("environment variable " + variable + " referenced by " + path + " is not set: export " + variable
                    + "=... before running the pipeline");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
