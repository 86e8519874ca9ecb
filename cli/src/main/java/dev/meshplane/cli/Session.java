package dev.meshplane.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who the CLI acts as, and a valid access token for it: what any command that calls a protected part of the platform
 * uses.
 *
 * <pre>{@code
 * try {
 *     String token = Session.open().accessToken(); // send as "Authorization: Bearer " + token, or in a Kafka header
 *     ...
 * } catch (LoginException e) {                    // NotLoggedInException included
 *     err.println("mesh publish: " + e.getMessage() + "; nothing was published");
 *     return MeshCli.USAGE;                        // nothing was sent
 * }
 * }</pre>
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>A person</b> logged in with {@code mesh login}: the tokens come from the credentials file ({@link
 *       TokenStore}). {@link #accessToken()} returns the stored access token while it has more than {@link
 *       StoredLogin#REFRESH_MARGIN} (30 s) left, else refreshes it with the refresh token and stores the new tokens.
 *       No login, a login for another issuer, or a refresh token that has expired or that the provider no longer
 *       accepts: {@link NotLoggedInException}, whose message says to run {@code mesh login}.
 *   <li><b>A pipeline</b>: when {@value #CLIENT_ID_ENV} and {@value #CLIENT_SECRET_ENV} are both set, the token comes
 *       from the client-credentials grant, is kept in memory only (one per process, renewed with the same margin)
 *       and the credentials file is not read.
 * </ul>
 *
 * <p>The issuer is the one given to {@link #open(String)} (a command's {@code --issuer}), else {@value #ISSUER_ENV},
 * else the stored login's (a pipeline has none), else {@value #DEFAULT_ISSUER}. Errors are {@link LoginException}s with a message for the
 * user that names the issuer or file at fault; no message, exception or {@code toString} holds a token or a secret.
 * Not thread-safe: one per command.
 */
public final class Session {

    /** The CLI's public client at the provider. */
    public static final String CLIENT_ID = "mesh-cli";

    public static final String DEFAULT_ISSUER = "http://127.0.0.1:8180/realms/meshplane";
    public static final String ISSUER_ENV = "MESH_ISSUER";
    public static final String CLIENT_ID_ENV = "MESH_CLIENT_ID";
    public static final String CLIENT_SECRET_ENV = "MESH_CLIENT_SECRET";

    /**
     * Who the token speaks for.
     *
     * @param pipelineClient true in client-credentials mode; {@code clientId} is then the pipeline's client
     * @param user the token's {@code preferred_username} (a pipeline's is its service account)
     * @param teams the token's {@code groups}
     * @param expiresAt when the current access token expires
     * @param loginExpiresAt when the refresh token expires (then {@code mesh login} again); null when unknown or for a
     *     pipeline, which needs no login
     */
    public record Identity(
            boolean pipelineClient,
            String user,
            String clientId,
            List<String> teams,
            String issuer,
            Instant expiresAt,
            Instant loginExpiresAt) {}

    private final String explicitIssuer;
    private final Function<String, String> env;
    private final TokenStore store;
    private final Clock clock;
    private StoredLogin current;

    /** The session for this process's environment and user; {@code issuer} may be null (see the class comment). */
    public static Session open(String issuer) {
        return new Session(issuer, System::getenv, null, Clock.systemUTC());
    }

    /** {@link #open(String)} with no issuer named. */
    public static Session open() {
        return open(null);
    }

    /** For tests: another environment, config folder (null: located from {@code env}) and clock. */
    Session(String issuer, Function<String, String> env, TokenStore store, Clock clock) {
        this.explicitIssuer = blank(issuer) ? (blank(env.apply(ISSUER_ENV)) ? null : env.apply(ISSUER_ENV)) : issuer;
        this.env = env;
        this.store = store == null ? TokenStore.locate(env) : store;
        this.clock = clock;
    }

    /**
     * A valid access token: at least 30 s left. May call the provider (refresh, client credentials) and rewrite the
     * credentials file.
     *
     * @throws NotLoggedInException nobody is logged in, or the login cannot be refreshed
     * @throws LoginException the provider did not answer or refused, or the credentials file cannot be trusted
     */
    public String accessToken() {
        Optional<String> pipeline = pipelineClientId();
        if (pipeline.isPresent()) {
            if (current == null || current.next(clock.instant()) != StoredLogin.Next.USE) {
                current = clientCredentials(pipeline.get());
            }
            return current.accessToken();
        }
        StoredLogin login = store.read().orElseThrow(NotLoggedInException::new);
        if (explicitIssuer != null && !sameIssuer(explicitIssuer, login.issuer())) {
            throw new NotLoggedInException("logged in to " + login.issuer() + ", not to " + explicitIssuer
                    + ": run 'mesh login --issuer " + explicitIssuer + "'");
        }
        switch (login.next(clock.instant())) {
            case USE -> current = login;
            case REFRESH -> current = refresh(login);
            default -> throw new NotLoggedInException();
        }
        return current.accessToken();
    }

    /** Who {@link #accessToken()} speaks for; gets (or refreshes) the token first, so it throws the same. */
    public Identity identity() {
        accessToken();
        if (pipelineClient()) {
            AccessTokenClaims claims = AccessTokenClaims.of(current.accessToken());
            return new Identity(
                    true,
                    claims.user() == null ? "-" : claims.user(),
                    current.clientId(),
                    claims.teams(),
                    current.issuer(),
                    current.accessTokenExpiresAt(),
                    null);
        }
        return new Identity(
                false,
                current.username(),
                current.clientId(),
                current.teams(),
                current.issuer(),
                current.accessTokenExpiresAt(),
                current.refreshTokenExpiresAt());
    }

    /** True when {@value #CLIENT_ID_ENV} and {@value #CLIENT_SECRET_ENV} make this a pipeline's session. */
    public boolean pipelineClient() {
        return pipelineClientId().isPresent();
    }

    /** The pipeline's client id; throws when only one of the two variables is set, a mistake worth naming. */
    Optional<String> pipelineClientId() {
        boolean id = !blank(env.apply(CLIENT_ID_ENV));
        boolean secret = !blank(env.apply(CLIENT_SECRET_ENV));
        if (id != secret) {
            throw new LoginException((id ? CLIENT_ID_ENV : CLIENT_SECRET_ENV) + " is set but "
                    + (id ? CLIENT_SECRET_ENV : CLIENT_ID_ENV) + " is not: a pipeline sets both, a person neither"
                    + " (and runs 'mesh login')");
        }
        return id ? Optional.of(env.apply(CLIENT_ID_ENV)) : Optional.empty();
    }

    /**
     * The issuer a person's new login goes to: the one named, else the stored login's (so 'mesh login' renews the
     * login that expired), else {@value #DEFAULT_ISSUER}.
     */
    String loginIssuer() {
        if (explicitIssuer != null) {
            return explicitIssuer;
        }
        return store.readForLogout().map(StoredLogin::issuer).orElse(DEFAULT_ISSUER);
    }

    /** The issuer a pipeline gets its tokens from: the one named, else {@value #DEFAULT_ISSUER}. */
    String pipelineIssuer() {
        return explicitIssuer == null ? DEFAULT_ISSUER : explicitIssuer;
    }

    /** The issuer named by {@code --issuer} or {@value #ISSUER_ENV}; null when none was. */
    String explicitIssuer() {
        return explicitIssuer;
    }

    TokenStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    /** Stores the login a token answer makes (sent at {@code sentAt}) and makes it this session's. */
    StoredLogin save(OidcProvider.Tokens tokens, String issuer, Instant sentAt, String fallbackUser) {
        StoredLogin login = StoredLogin.of(tokens, issuer, CLIENT_ID, sentAt, fallbackUser, null);
        store.write(login);
        current = login;
        return login;
    }

    private StoredLogin refresh(StoredLogin login) {
        OidcProvider provider = new OidcProvider(login.issuer());
        Instant sentAt = clock.instant();
        OidcProvider.Tokens tokens;
        try {
            tokens = provider.refresh(login.clientId(), login.refreshToken());
        } catch (OidcProvider.Refused e) {
            if (e.error.is("invalid_grant")) {
                throw new NotLoggedInException(NotLoggedInException.NOT_LOGGED_IN + e.error.said());
            }
            throw new LoginException("the provider at " + login.issuer() + " refused to refresh the login (HTTP "
                    + e.status + (e.error.error().isEmpty() ? "" : ", " + e.error.error()) + ")" + e.error.said()
                    + ": run 'mesh login'");
        }
        StoredLogin refreshed = StoredLogin.of(tokens, login.issuer(), login.clientId(), sentAt, null, login);
        store.write(refreshed);
        return refreshed;
    }

    private StoredLogin clientCredentials(String clientId) {
        String issuer = pipelineIssuer();
        OidcProvider provider = new OidcProvider(issuer);
        Instant sentAt = clock.instant();
        try {
            OidcProvider.Tokens tokens = provider.clientCredentials(clientId, env.apply(CLIENT_SECRET_ENV));
            return StoredLogin.of(
                    new OidcProvider.Tokens(tokens.accessToken(), tokens.expiresIn(), null, 0),
                    provider.issuer(),
                    clientId,
                    sentAt,
                    null,
                    null);
        } catch (OidcProvider.Refused e) {
            throw new LoginException(LoginCommands.clientRefusal(e, clientId, issuer));
        }
    }

    private static boolean sameIssuer(String a, String b) {
        return a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
