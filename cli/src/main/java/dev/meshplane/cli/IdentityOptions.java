package dev.meshplane.cli;

import picocli.CommandLine.Option;

/**
 * Which identity provider a command logs in to or gets its token from; a mixin for any command that needs a token:
 * {@code Session.open(identity.issuer)}.
 */
final class IdentityOptions {

    @Option(
            names = "--issuer",
            paramLabel = "URL",
            description = "OpenID provider (issuer URL) to log in to (default: $MESH_ISSUER, else the issuer of the"
                    + " stored login, else " + Session.DEFAULT_ISSUER + ", the local platform's).")
    String issuer;
}
