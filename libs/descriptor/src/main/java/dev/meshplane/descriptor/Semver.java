package dev.meshplane.descriptor;

/** Ordering of semantic versions on MAJOR.MINOR.PATCH; pre-release and build parts are ignored. */
public final class Semver {

    private Semver() {}

    public static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    /** The greater of two versions. */
    public static String max(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }

    private static int[] parts(String v) {
        int[] out = new int[3];
        String[] p = (v == null ? "0.0.0" : v.trim().split("[-+]")[0]).split("\\.");
        for (int i = 0; i < 3 && i < p.length; i++) {
            try {
                out[i] = Integer.parseInt(p[i]);
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }
}
