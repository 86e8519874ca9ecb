package dev.meshplane.cli;

/**
 * A login could not be made or used: the identity provider refused or did not answer, or the credentials file cannot
 * be trusted. The message is ready for the user (what is wrong and the command that fixes it) and never holds a
 * token, a password or a client secret. Commands print it after their name and exit {@link MeshCli#USAGE}.
 */
public class LoginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LoginException(String message) {
        super(message);
    }
}
