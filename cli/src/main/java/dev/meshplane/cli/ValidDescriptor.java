package dev.meshplane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.ParsedDescriptor;

/** The descriptor a command needs whole (publish, run): the product, or the exit code after saying what is wrong. */
record ValidDescriptor(ParsedDescriptor parsed, DataProduct product, int exitCode) {

    /** Reads and parses {@code file}; problems go to {@code err} with {@code file:line:column}. */
    static ValidDescriptor load(Path file, String command, String nothingDone, PrintWriter err) {
        Optional<String> unreadable = DescriptorFile.unreadable(file);
        if (unreadable.isPresent()) {
            err.println("mesh " + command + ": " + file + ": " + unreadable.get() + "; " + nothingDone);
            return new ValidDescriptor(null, null, MeshCli.USAGE);
        }
        ParsedDescriptor parsed;
        try {
            parsed = DescriptorParser.parse(file);
        } catch (DescriptorParser.DescriptorReadException e) {
            err.println("mesh " + command + ": " + e.getMessage() + "; " + nothingDone);
            return new ValidDescriptor(null, null, MeshCli.USAGE);
        }
        if (!parsed.problems().isEmpty() || parsed.product().isEmpty()) {
            parsed.problems().forEach(p -> err.println(p.format()));
            err.println("mesh " + command + ": " + file + " is not a valid descriptor; " + nothingDone);
            return new ValidDescriptor(parsed, null, MeshCli.INVALID);
        }
        return new ValidDescriptor(parsed, parsed.product().get(), MeshCli.OK);
    }
}
