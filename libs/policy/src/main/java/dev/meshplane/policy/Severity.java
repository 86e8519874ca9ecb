package dev.meshplane.policy;

/** {@code ERROR} blocks publication; {@code WARNING} is reported and does not. */
public enum Severity {
    ERROR,
    WARNING;

    public static Severity parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase()) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            default -> throw new IllegalArgumentException("severity is error or warning, not '" + s + "'");
        };
    }

    public String label() {
        return name().toLowerCase();
    }
}
