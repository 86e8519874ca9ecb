package dev.meshplane.cli;

/**
 * Nobody is logged in, or the login expired and can no longer be refreshed. The message names the command that fixes
 * it ({@code mesh login}); a command that needs a token maps it to exit {@link MeshCli#USAGE} with nothing sent.
 */
public final class NotLoggedInException extends LoginException {

    private static final long serialVersionUID = 1L;

    /** The message for the common case: no login stored, or one that has run out. */
    public static final String NOT_LOGGED_IN = "not logged in (or the login expired): run 'mesh login'";

    public NotLoggedInException() {
        super(NOT_LOGGED_IN);
    }

    public NotLoggedInException(String message) {
        super(message);
    }
}
