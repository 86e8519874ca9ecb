package dev.meshplane.descriptor;

/**
 * Something wrong with a descriptor, located for a human ({@code file:line:column}) and for a machine (the field
 * path, e.g. {@code spec.quality.checks[1].threshold}). The message says how to fix it.
 */
public record Problem(String source, int line, int column, String path, String message) {

    /** {@code dataproduct.yaml:12:7: spec.quality.checks[1].threshold: ...}, the format editors and CI link. */
    public String format() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
