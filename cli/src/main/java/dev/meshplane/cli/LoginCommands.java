package dev.meshplane.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesh login}, {@code mesh logout}, {@code mesh whoami}: the person (or pipeline) the CLI acts as. The tokens
 * live in the credentials file ({@link TokenStore}); other commands get a token from {@link Session}.
 */
final class LoginCommands {

    private LoginCommands() {}

    @Command(
            name = "login",
            mixinStandardHelpOptions = true,
            description = "Log in to the mesh's identity provider. Without options: the device login (open the"
                    + " address shown in any browser, confirm the code). With --user: the password grant, for"
                    + " scripts against the local realm. Pipelines set MESH_CLIENT_ID and MESH_CLIENT_SECRET and need"
                    + " no login. The tokens are kept in $XDG_CONFIG_HOME/meshplane/credentials.json (else"
                    + " ~/.config/meshplane/), readable only by you. Exit 0 logged in, 2 not (nothing stored).")
    static final class Login implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        IdentityOptions identity;

        @Option(names = "--user", paramLabel = "NAME", description = "Log in with this user's password.")
        String user;

        @Option(
                names = "--password",
                paramLabel = "PASSWORD",
                description = "The password (visible in the shell's history and the process list: prefer"
                        + " --password-stdin, or let the terminal ask).")
        String password;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(
                names = "--no-wait",
                description = "Device login: show the address and code and return; 'mesh login' then finishes it.")
        boolean noWait;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "Device login: stop waiting after this many seconds, at least 1 (default: until the"
                        + " code expires, as the provider says; 'mesh login' resumes while it is valid).")
        Integer timeoutSeconds;

        /** Tests replace these two to wait for the browser on a clock of their own, without waiting. */
        DeviceLogin.Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        java.util.function.Function<String, Session> sessions = Session::open;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String usage = usage();
            if (usage != null) {
                err.println("mesh login: " + usage);
                return MeshCli.USAGE;
            }
            try {
                Session session = sessions.apply(identity.issuer);
                if (session.pipelineClient()) {
                    return pipeline(session, out, err);
                }
                if (user != null) {
                    Optional<String> secret = password(err);
                    if (secret.isEmpty()) {
                        return MeshCli.USAGE;
                    }
                    return withPassword(session, secret.get(), out);
                }
                return device(session, out, err);
            } catch (LoginException e) {
                out.flush();
                err.println("mesh login: " + e.getMessage());
                return MeshCli.USAGE;
            }
        }

        private String usage() {
            if (user != null && user.isBlank()) {
                return "--user: the user name is empty";
            }
            if (user == null && (password != null || passwordStdin)) {
                return "a password needs a user: mesh login --user NAME --password-stdin";
            }
            if (password != null && passwordStdin) {
                return "give the password once: --password or --password-stdin";
            }
            if (user != null && (noWait || timeoutSeconds != null)) {
                return "--no-wait and --timeout are for the device login (mesh login without --user)";
            }
            if (timeoutSeconds != null && timeoutSeconds < 1) {
                return "--timeout " + timeoutSeconds + ": the seconds to wait must be at least 1";
            }
            return null;
        }

        private Optional<String> password(PrintWriter err) {
            if (password != null) {
                return Optional.of(password);
            }
            if (passwordStdin) {
                try {
                    String line =
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    if (line == null || line.isEmpty()) {
                        err.println("mesh login: --password-stdin: standard input held no password; nothing was"
                                + " stored");
                        return Optional.empty();
                    }
                    return Optional.of(line);
                } catch (IOException e) {
                    err.println("mesh login: --password-stdin: cannot read standard input; nothing was stored");
                    return Optional.empty();
                }
            }
            Console console = System.console();
            char[] typed = console == null ? null : console.readPassword("Password for %s: ", user);
            if (typed == null || typed.length == 0) {
                err.println("mesh login: no password: pipe it in with --password-stdin (or run in a terminal to be"
                        + " asked); nothing was stored");
                return Optional.empty();
            }
            return Optional.of(new String(typed));
        }

        private int pipeline(Session session, PrintWriter out, PrintWriter err) {
            if (user != null) {
                err.println("mesh login: " + Session.CLIENT_ID_ENV + " and " + Session.CLIENT_SECRET_ENV
                        + " are set, so commands act as a pipeline client: unset both to log in as a person");
                return MeshCli.USAGE;
            }
            Session.Identity id = session.identity();
            out.println(Session.CLIENT_ID_ENV + " and " + Session.CLIENT_SECRET_ENV + " are set: commands act as"
                    + " pipeline client " + id.clientId() + " (client credentials at " + id.issuer() + ") and need no"
                    + " login; the provider accepted them. Nothing was stored.");
            return MeshCli.OK;
        }

        private int withPassword(Session session, String secret, PrintWriter out) {
            OidcProvider provider = new OidcProvider(session.loginIssuer());
            Instant sentAt = session.clock().instant();
            OidcProvider.Tokens tokens;
            try {
                tokens = provider.password(Session.CLIENT_ID, user, secret);
            } catch (OidcProvider.Refused e) {
                throw new LoginException(passwordRefusal(e, user, provider.issuer()));
            }
            StoredLogin login = session.save(tokens, provider.issuer(), sentAt, user);
            session.store().deletePending();
            loggedIn(login, session, out);
            return MeshCli.OK;
        }

        private int device(Session session, PrintWriter out, PrintWriter err) {
            OidcProvider provider = new OidcProvider(session.loginIssuer());
            TokenStore store = session.store();
            Instant now = session.clock().instant();
            TokenStore.PendingDevice pending = store.readPending()
                    .filter(p ->
                            p.issuer().equals(provider.issuer()) && p.clientId().equals(Session.CLIENT_ID))
                    .filter(p -> now.plusSeconds(5).isBefore(p.expiresAt()))
                    .orElse(null);
            if (pending == null) {
                OidcProvider.DeviceCode code;
                try {
                    code = provider.startDevice(Session.CLIENT_ID);
                } catch (OidcProvider.Refused e) {
                    throw new LoginException(deviceRefusal(e, provider.issuer()));
                }
                pending = new TokenStore.PendingDevice(
                        provider.issuer(),
                        Session.CLIENT_ID,
                        code.deviceCode(),
                        code.userCode(),
                        code.verificationUri(),
                        code.verificationUriComplete(),
                        now.plusSeconds(code.expiresIn()),
                        code.interval());
                store.writePending(pending);
            } else {
                out.println("finishing the device login started earlier (code " + pending.userCode() + ")");
            }
            out.println("To log in to " + provider.issuer() + ", open in a browser:");
            out.println("  " + pending.verificationUriComplete());
            out.println("or open " + pending.verificationUri() + " and enter the code " + pending.userCode());
            if (noWait) {
                out.println(
                        "then run 'mesh login' to finish; the code is valid until " + when(pending.expiresAt(), now));
                return MeshCli.OK;
            }
            Instant deadline = timeoutSeconds == null ? pending.expiresAt() : now.plusSeconds(timeoutSeconds);
            out.println("waiting for the browser until "
                    + when(deadline.isBefore(pending.expiresAt()) ? deadline : pending.expiresAt(), now)
                    + " (Ctrl-C stops; 'mesh login' resumes while the code is valid)");
            out.flush();
            DeviceLogin.Result result = DeviceLogin.await(provider, pending, deadline, session.clock(), sleeper);
            switch (result.outcome()) {
                case LOGGED_IN -> {
                    StoredLogin login = session.save(result.tokens(), provider.issuer(), result.sentAt(), null);
                    store.deletePending();
                    loggedIn(login, session, out);
                    return MeshCli.OK;
                }
                case TIMED_OUT -> {
                    err.println("mesh login: not confirmed within " + timeoutSeconds + " s; the code "
                            + pending.userCode() + " is valid until " + when(pending.expiresAt(), now)
                            + ": confirm it and run 'mesh login' to finish. Nothing was stored");
                    return MeshCli.USAGE;
                }
                case DENIED -> {
                    store.deletePending();
                    err.println("mesh login: the login with code " + pending.userCode()
                            + " was denied in the browser; nothing was stored");
                    return MeshCli.USAGE;
                }
                default -> {
                    store.deletePending();
                    err.println("mesh login: the code " + pending.userCode() + " expired before it was confirmed:"
                            + " run 'mesh login' for a new one; nothing was stored");
                    return MeshCli.USAGE;
                }
            }
        }

        private static void loggedIn(StoredLogin login, Session session, PrintWriter out) {
            out.println("logged in to " + login.issuer() + " as " + login.username() + teams(login.teams())
                    + "; the login is kept in " + session.store().file()
                    + (login.refreshTokenExpiresAt() == null
                            ? ""
                            : " until "
                                    + when(
                                            login.refreshTokenExpiresAt(),
                                            session.clock().instant()))
                    + " ('mesh logout' ends it)");
        }
    }

    @Command(
            name = "logout",
            mixinStandardHelpOptions = true,
            description = "End the login: revoke its session at the identity provider when it answers, and delete"
                    + " the credentials file. Fine when nobody is logged in. Exit 0.")
    static final class Logout implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        IdentityOptions identity;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Session session = Session.open(identity.issuer);
                TokenStore store = session.store();
                Optional<StoredLogin> login = store.readForLogout();
                if (login.isPresent() && login.get().refreshToken() != null) {
                    revoke(login.get(), session.clock().instant(), out, err);
                }
                boolean deleted = store.delete();
                out.println(
                        deleted
                                ? "logged out: deleted " + store.file()
                                : "not logged in (no " + store.file() + "): nothing to do");
                pipelineNote(out);
                return MeshCli.OK;
            } catch (LoginException e) {
                err.println("mesh logout: " + e.getMessage());
                return MeshCli.USAGE;
            }
        }

        private static void revoke(StoredLogin login, Instant now, PrintWriter out, PrintWriter err) {
            String endsAt = login.refreshTokenExpiresAt() == null
                    ? "when the provider ends it"
                    : "at " + when(login.refreshTokenExpiresAt(), now);
            try {
                String how = new OidcProvider(login.issuer()).revoke(login.clientId(), login.refreshToken());
                out.println("the session of " + login.username() + " was " + how);
            } catch (OidcProvider.Refused e) {
                err.println("mesh logout: the provider at " + login.issuer() + " did not revoke the session (HTTP "
                        + e.status + (e.error.error().isEmpty() ? "" : ", " + e.error.error()) + ")"
                        + e.error.said() + "; it ends on its own " + endsAt);
            } catch (LoginException e) {
                err.println("mesh logout: " + e.getMessage() + "; the session was not revoked there and ends on its"
                        + " own " + endsAt);
            }
        }

        private static void pipelineNote(PrintWriter out) {
            String id = System.getenv(Session.CLIENT_ID_ENV);
            if (id != null && !id.isBlank()) {
                out.println("note: " + Session.CLIENT_ID_ENV + " is set: commands still act as pipeline client " + id
                        + " until it and " + Session.CLIENT_SECRET_ENV + " are unset");
            }
        }
    }

    @Command(
            name = "whoami",
            mixinStandardHelpOptions = true,
            description = "Who the CLI acts as: user, teams, issuer, token expiry (refreshed first when due)."
                    + " Exit 0, or 2 when nobody is logged in or the login expired (run mesh login).")
    static final class Whoami implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        IdentityOptions identity;

        @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        ValidateCommand.Output output;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Session.Identity id;
            Instant now;
            try {
                Session session = Session.open(identity.issuer);
                id = session.identity();
                now = session.clock().instant();
            } catch (LoginException e) {
                err.println("mesh whoami: " + e.getMessage());
                return MeshCli.USAGE;
            }
            if (output == ValidateCommand.Output.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("mode", id.pipelineClient() ? "pipeline-client" : "user");
                m.put("user", id.user());
                m.put("client", id.clientId());
                m.put("teams", id.teams());
                m.put("issuer", id.issuer());
                m.put(
                        "expiresAt",
                        id.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
                m.put(
                        "loginExpiresAt",
                        id.loginExpiresAt() == null
                                ? null
                                : id.loginExpiresAt()
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString());
                out.println(Json.write(m));
                return MeshCli.OK;
            }
            if (id.pipelineClient()) {
                out.println("pipeline client " + id.clientId() + " (client credentials from " + Session.CLIENT_ID_ENV
                        + "/" + Session.CLIENT_SECRET_ENV + ")");
            }
            line(out, "user", id.user());
            line(out, "teams", id.teams().isEmpty() ? "-" : String.join(", ", id.teams()));
            line(out, "issuer", id.issuer());
            line(
                    out,
                    "token expires",
                    when(id.expiresAt(), now)
                            + (id.pipelineClient() ? " (a new one is fetched when due)" : " (refreshed when due)"));
            if (!id.pipelineClient()) {
                line(
                        out,
                        "login expires",
                        id.loginExpiresAt() == null ? "-" : when(id.loginExpiresAt(), now) + " (then mesh login)");
            }
            return MeshCli.OK;
        }

        private static void line(PrintWriter out, String label, String value) {
            out.printf("%-14s %s%n", label, value);
        }
    }

    /** What a refused password grant means to the user. */
    static String passwordRefusal(OidcProvider.Refused e, String user, String issuer) {
        OAuthError error = e.error;
        if (error.is("invalid_grant")) {
            String d = error.description().toLowerCase(java.util.Locale.ROOT);
            if (d.isEmpty() || d.contains("invalid user credentials")) {
                return "wrong user name or password (user '" + OAuthError.clean(user, 100) + "' at " + issuer
                        + "); nothing was stored";
            }
            return "the provider at " + issuer + " refused the login of '" + OAuthError.clean(user, 100) + "'"
                    + error.said() + "; nothing was stored";
        }
        if (error.is("unauthorized_client") || error.is("invalid_client")) {
            return "the provider at " + issuer + " does not let client " + Session.CLIENT_ID + " log in with a"
                    + " password" + error.said() + ": use the device login ('mesh login' without --user)";
        }
        return "the provider at " + issuer + " answered HTTP " + e.status
                + (error.error().isEmpty() ? "" : " " + error.error()) + error.said()
                + " to the login; nothing was stored";
    }

    /** What a refused client-credentials grant means to a pipeline's operator. */
    static String clientRefusal(OidcProvider.Refused e, String clientId, String issuer) {
        OAuthError error = e.error;
        if (error.is("invalid_client") || error.is("unauthorized_client") || e.status == 401) {
            return "the provider at " + issuer + " refused pipeline client '" + OAuthError.clean(clientId, 100) + "'"
                    + error.said() + ": check " + Session.CLIENT_ID_ENV + " and " + Session.CLIENT_SECRET_ENV;
        }
        return "the provider at " + issuer + " answered HTTP " + e.status
                + (error.error().isEmpty() ? "" : " " + error.error()) + error.said()
                + " to pipeline client '" + OAuthError.clean(clientId, 100) + "'";
    }

    /** What a refused device authorization request means. */
    static String deviceRefusal(OidcProvider.Refused e, String issuer) {
        OAuthError error = e.error;
        if (error.is("unauthorized_client") || error.is("invalid_client")) {
            return "the provider at " + issuer + " does not offer the device login to client " + Session.CLIENT_ID
                    + error.said() + ": log in with 'mesh login --user NAME --password-stdin'";
        }
        return "the provider at " + issuer + " answered HTTP " + e.status
                + (error.error().isEmpty() ? "" : " " + error.error()) + error.said()
                + " to the device login request: try again, or 'mesh login --user NAME --password-stdin'";
    }

    private static String teams(java.util.List<String> teams) {
        return teams.isEmpty()
                ? " (no team)"
                : " (team" + (teams.size() == 1 ? " " : "s ") + String.join(", ", teams) + ")";
    }

    /** An instant for people: to the second, and how far away. */
    static String when(Instant t, Instant now) {
        Duration d = Duration.between(now, t);
        String rel;
        if (d.isNegative()) {
            rel = "expired";
        } else if (d.toMinutes() < 1) {
            rel = "in " + d.toSeconds() + " s";
        } else if (d.toHours() < 1) {
            rel = "in " + d.toMinutes() + " min";
        } else if (d.toDays() < 2) {
            rel = "in " + d.toHours() + " h " + d.toMinutesPart() + " min";
        } else {
            rel = "in " + d.toDays() + " days";
        }
        return t.truncatedTo(ChronoUnit.SECONDS) + " (" + rel + ")";
    }
}
