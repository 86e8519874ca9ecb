package dev.meshplane.cli;

import java.nio.file.Path;

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
}
