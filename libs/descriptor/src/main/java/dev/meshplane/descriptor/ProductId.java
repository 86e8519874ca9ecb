package dev.meshplane.descriptor;

import java.util.regex.Pattern;

/** A product's identity, {@code domain/name}, and the names derived from it. */
public record ProductId(String domain, String name) {

    /** Lowercase letters, digits and '-', starting with a letter: safe in topic names and URLs. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public static ProductId parse(String id) {
        int slash = id == null ? -1 : id.indexOf('/');
        if (slash <= 0 || slash != id.lastIndexOf('/') || slash == id.length() - 1) {
            throw new IllegalArgumentException("'" + id + "' is not a product id: write it as domain/name");
        }
        return new ProductId(id.substring(0, slash), id.substring(slash + 1));
    }

    public static boolean isValidName(String s) {
        return s != null && NAME.matcher(s).matches();
    }

    /** The output port of major version {@code major}: {@code <domain>.<name>.v<major>}. */
    public String outputTopic(int major) {
        return domain + "." + name + ".v" + major;
    }

    @Override
    public String toString() {
        return domain + "/" + name;
    }
}
