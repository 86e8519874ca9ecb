package dev.meshplane.policy;

/** A policy the descriptor does not meet: which, how bad, where, and how to fix it. */
public record Violation(String policyId, Severity severity, String path, String message) {

    public boolean blocking() {
        return severity == Severity.ERROR;
    }
}
