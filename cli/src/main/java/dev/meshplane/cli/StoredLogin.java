package dev.meshplane.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One person's login as the credentials file keeps it. {@link #toString()} leaves the tokens out, so a login printed
 * by mistake or in a test failure shows no secret.
 *
 * @param refreshTokenExpiresAt null when the provider gave no expiry for the refresh token
 */
record StoredLogin(
        String issuer,
        String clientId,
        String username,
        List<String> teams,
        String accessToken,
        Instant accessTokenExpiresAt,
        String refreshToken,
        Instant refreshTokenExpiresAt) {

    /** An access token with less than this left is refreshed first: it must outlive the request that carries it. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

    /** Used when an answer states no lifetime and the token carries no {@code exp}: short, so it is refreshed soon. */
    static final Duration UNKNOWN_LIFETIME = Duration.ofSeconds(60);

    enum Next {
        /** The access token has more than {@link #REFRESH_MARGIN} left. */
        USE,
        /** It is (nearly) expired and the refresh token may still be used. */
        REFRESH,
        /** Neither: only {@code mesh login} helps. */
        LOGIN
    }

    StoredLogin {
        teams = List.copyOf(teams);
    }

    Next next(Instant now) {
        if (now.plus(REFRESH_MARGIN).isBefore(accessTokenExpiresAt)) {
            return Next.USE;
        }
        if (refreshToken != null && (refreshTokenExpiresAt == null || now.isBefore(refreshTokenExpiresAt))) {
            return Next.REFRESH;
        }
        return Next.LOGIN;
    }

    /**
     * The login a token answer makes. {@code sentAt} is when the request left, so the lifetimes counted from it end no
     * later than the provider's. A refresh answer without a new refresh token keeps the previous one.
     */
    static StoredLogin of(
            OidcProvider.Tokens tokens,
            String issuer,
            String clientId,
            Instant sentAt,
            String fallbackUser,
            StoredLogin previous) {
        AccessTokenClaims claims = AccessTokenClaims.of(tokens.accessToken());
        Instant accessExpiry = tokens.expiresIn() > 0
                ? sentAt.plusSeconds(tokens.expiresIn())
                : claims.expiresAt() > 0 ? Instant.ofEpochSecond(claims.expiresAt()) : sentAt.plus(UNKNOWN_LIFETIME);
        String refresh = tokens.refreshToken();
        Instant refreshExpiry = tokens.refreshExpiresIn() > 0 ? sentAt.plusSeconds(tokens.refreshExpiresIn()) : null;
        if (refresh == null && previous != null) {
            refresh = previous.refreshToken();
            refreshExpiry = previous.refreshTokenExpiresAt();
        }
        String user = claims.user() != null ? claims.user() : fallbackUser;
        if (user == null && previous != null) {
            user = previous.username();
        }
        return new StoredLogin(
                issuer,
                clientId,
                user == null ? "-" : user,
                claims.teams(),
                tokens.accessToken(),
                accessExpiry,
                refresh,
                refreshExpiry);
    }

    @Override
    public String toString() {
        return "StoredLogin[issuer=" + issuer + ", clientId=" + clientId + ", username=" + username + ", teams=" + teams
                + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt
                + "]";
    }
}
