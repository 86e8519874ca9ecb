package dev.meshplane.policy;

import java.util.List;

/** The policy file cannot be used; {@link #problems()} lists every reason, each naming the rule or block. */
public final class PolicyFileException extends RuntimeException {

    private final List<String> problems;

    public PolicyFileException(String message, List<String> problems) {
        super(problems.isEmpty() ? message : message + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
