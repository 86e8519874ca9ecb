package dev.meshplane.events.rules;

/**
 * One event rule an event breaks: the rule's stable id (what a dead letter's {@code dead-letter-rule} header and an
 * alert on dead letters key on) and a message saying what was wrong and what is expected.
 */
public record Violation(String rule, String message) {

    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
