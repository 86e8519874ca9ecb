package dev.meshplane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.policy.PolicyEngine;
import dev.meshplane.policy.PolicyFileException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh validate}: the checks the server runs, offline, fast enough for an editor's save hook. Lists every
 * problem as {@code file:line:column: path: message}.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Check descriptors against the structure and the governance policies the server runs; exit 0 valid,"
                        + " 1 invalid (every problem listed), 2 unreadable.")
final class ValidateCommand implements Callable<Integer> {

    enum Output {
        text,
        json
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Descriptors to check (default: dataproduct.yaml).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(
            names = "--policies",
            paramLabel = "FILE",
            description =
                    "Policy file with the organisation's and domains' CEL rules (default: policies/mesh-policies.yaml"
                            + " of this checkout, when present).")
    Path policies;

    @Option(names = "--structure-only", description = "Check the structure only, no governance policies.")
    boolean structureOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty()) {
            files.add(Path.of("dataproduct.yaml"));
        }
        PolicyEngine engine;
        try {
            engine = structureOnly ? null : PolicyEngines.load(policies);
        } catch (PolicyFileException e) {
            err.println("mesh validate: " + e.getMessage());
            return MeshCli.USAGE;
        }
        int exit = MeshCli.OK;
        List<Object> reports = new ArrayList<>();
        for (Path file : files) {
            Optional<String> unreadable = DescriptorFile.unreadable(file);
            if (unreadable.isPresent()) {
                err.println("mesh validate: " + file + ": " + unreadable.get()
                        + (Files.exists(file) ? "" : " (run 'mesh init NAME --domain D --owner EMAIL' to write one)"));
                return MeshCli.USAGE;
            }
            Findings findings;
            try {
                findings = Findings.of(DescriptorParser.parse(file), engine);
            } catch (DescriptorParser.DescriptorReadException | Findings.PolicyEngineFailure e) {
                err.println("mesh validate: " + e.getMessage());
                return MeshCli.USAGE;
            }
            if (!findings.valid()) {
                exit = MeshCli.INVALID;
            }
            if (output == Output.json) {
                reports.add(findings.toJson());
            } else {
                printText(findings, out);
            }
        }
        if (output == Output.json) {
            out.println(Json.write(files.size() == 1 ? reports.get(0) : reports));
        }
        out.flush();
        return exit;
    }

    private static void printText(Findings findings, PrintWriter out) {
        String source = findings.parsed().source();
        for (Findings.Finding f : findings.items()) {
            out.println(f.format());
        }
        String summary = findings.errors() + (findings.errors() == 1 ? " error" : " errors") + ", "
                + findings.warnings() + (findings.warnings() == 1 ? " warning" : " warnings");
        if (findings.policiesNotChecked() != null) {
            out.println(source + ": " + findings.policiesNotChecked());
        }
        if (findings.valid()) {
            out.println(source + ": valid ("
                    + findings.parsed().product().orElseThrow().id() + ")"
                    + (findings.items().isEmpty() ? "" : ", " + summary));
        } else {
            out.println(source + ": invalid, " + summary);
        }
    }
}
