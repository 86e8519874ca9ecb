package dev.meshplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Parameters;

/** The one descriptor a command works on (publish, run): the first positional parameter, dataproduct.yaml if absent. */
final class DescriptorFile {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            defaultValue = "dataproduct.yaml",
            description = "The descriptor (default: ${DEFAULT-VALUE}).")
    Path path;

    /**
     * Why {@code file} cannot be read as a descriptor, or empty when it can be. Checked before reading, so a device
     * such as /dev/zero or a pipe is never read at all; the parser bounds what it reads of a regular file.
     */
    static Optional<String> unreadable(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.of("is a directory: name the descriptor in it, e.g. " + file.resolve("dataproduct.yaml"));
        }
        if (!Files.exists(file)) {
            return Optional.of("no such file");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("is not a regular file (a device, a pipe or a socket): a descriptor is a YAML file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("cannot be read (permission denied)");
        }
        return Optional.empty();
    }
}
