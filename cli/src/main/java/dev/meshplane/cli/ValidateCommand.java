package dev.meshplane.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.descriptor.Problem;

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
        description = "Check descriptors; exit 0 valid, 1 invalid (every problem listed), 2 unreadable.")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty()) {
            files.add(Path.of("dataproduct.yaml"));
        }
        int exit = MeshCli.OK;
        List<Object> reports = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                err.println("mesh validate: " + file
                        + ": no such file (run 'mesh init NAME --domain D --owner EMAIL' to" + " write one)");
                return MeshCli.USAGE;
            }
            ParsedDescriptor parsed;
            try {
                parsed = DescriptorParser.parse(file);
            } catch (DescriptorParser.DescriptorReadException e) {
                err.println("mesh validate: " + e.getMessage());
                return MeshCli.USAGE;
            }
            if (!parsed.isValid()) {
                exit = MeshCli.INVALID;
            }
            if (output == Output.json) {
                reports.add(report(parsed));
            } else {
                printText(parsed, out);
            }
        }
        if (output == Output.json) {
            out.println(Json.write(files.size() == 1 ? reports.get(0) : reports));
        }
        out.flush();
        return exit;
    }

    private static void printText(ParsedDescriptor parsed, PrintWriter out) {
        if (parsed.isValid()) {
            out.println(parsed.source() + ": valid ("
                    + parsed.product().orElseThrow().id() + ")");
            return;
        }
        for (Problem p : parsed.problems()) {
            out.println(p.format());
        }
        int n = parsed.problems().size();
        out.println(parsed.source() + ": " + n + (n == 1 ? " problem" : " problems"));
    }

    private static Map<String, Object> report(ParsedDescriptor parsed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", parsed.source());
        r.put("valid", parsed.isValid());
        r.put("product", parsed.product().map(p -> p.id().toString()).orElse(null));
        List<Object> problems = new ArrayList<>();
        for (Problem p : parsed.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.line());
            m.put("column", p.column());
            m.put("path", p.path());
            m.put("message", p.message());
            problems.add(m);
        }
        r.put("problems", problems);
        return r;
    }
}
