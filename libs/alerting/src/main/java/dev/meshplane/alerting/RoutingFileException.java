package dev.meshplane.alerting;

import java.util.List;

/** A routing file that cannot be used: every problem, each naming its place in the file. */
public class RoutingFileException extends RuntimeException {

    private final List<String> problems;

    public RoutingFileException(String source, List<String> problems) {
        super("alert routing file " + source + " refused, " + problems.size() + " problem(s):\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
