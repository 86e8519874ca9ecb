package dev.meshplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mesh} command. Exit codes: 0 ok, 1 the descriptor is invalid, 2 usage, unreadable input, or no usable login
 * (a {@link LoginException} from {@link Session}).
 */
@Command(
        name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = MeshCli.Version.class,
        description = "Meshplane: publish and run data products your domain owns.",
        subcommands = {
            InitCommand.class,
            ValidateCommand.class,
            PublishCommand.class,
            RunCommand.class,
            CatalogCommands.Products.class,
            CatalogCommands.Status.class,
            CatalogCommands.Search.class,
            AlertsCommand.class,
            AccessCommands.class,
            LoginCommands.Login.class,
            LoginCommands.Logout.class,
            LoginCommands.Whoami.class,
            CommandLine.HelpCommand.class
        })
public final class MeshCli {

    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        quietLibraryLogging();
        System.exit(commandLine().execute(args));
    }

    /** The registry client logs through java.util.logging; a CLI prints only what the user needs. */
    static void quietLibraryLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.SEVERE);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MeshCli());
        cli.getCommandSpec().exitCodeOnInvalidInput(USAGE).exitCodeOnExecutionException(USAGE);
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MeshCli.class.getPackage().getImplementationVersion();
            return new String[] {"mesh " + (v == null ? "dev" : v)};
        }
    }
}
