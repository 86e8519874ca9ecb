package dev.meshplane.descriptor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of parsing one descriptor: the product (absent when the file is not a usable mesh/v1 descriptor), every
 * problem found, and where each field path sits in the file so later checks (policies) can point at it too.
 */
public record ParsedDescriptor(
        String source, Optional<DataProduct> product, List<Problem> problems, Map<String, int[]> locations) {

    public boolean isValid() {
        return product.isPresent() && problems.isEmpty();
    }

    /** A problem about {@code path}, placed at the closest enclosing field the file has. */
    public Problem problemAt(String path, String message) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            int[] at = locations.get(p);
            if (at != null) {
                return new Problem(source, at[0], at[1], path, message);
            }
            p = parent(p);
        }
        return new Problem(source, 0, 0, path, message);
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? null : path.substring(0, cut);
    }
}
