package dev.meshplane.governance.access;

/**
 * The key of a grant on {@code mesh.access.grants} ({@code productId|team}) and of an observed reader on {@code
 * mesh.access.observed} ({@code productId|group}).
 */
public final class AccessKeys {

    private AccessKeys() {}

    public static String of(String productId, String team) {
        return productId + "|" + team;
    }
}
