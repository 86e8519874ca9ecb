package dev.meshplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.meshplane.descriptor.CheckType;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.ProductId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh init}: writes a complete descriptor that passes {@code mesh validate} as written. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Write a complete, commented dataproduct.yaml for a new data product.")
final class InitCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Product name: lowercase letters, digits and '-'.")
    String name;

    @Option(names = "--domain", required = true, description = "The owning domain, e.g. sales.")
    String domain;

    @Option(names = "--owner", required = true, description = "The accountable team's address.")
    String owner;

    @Option(names = "--oncall", description = "The engineer who gets paged (default: TODO in the file).")
    String oncall;

    @Option(
            names = "--source",
            defaultValue = "postgres",
            description = "postgres or file (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(
            names = {"-o", "--file"},
            defaultValue = "dataproduct.yaml",
            description = "Where to write (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        if (!ProductId.isValidName(name) || !ProductId.isValidName(domain)) {
            err.println("mesh init: NAME and --domain use lowercase letters, digits and '-', starting with a letter");
            return MeshCli.USAGE;
        }
        if (!source.equals("postgres") && !source.equals("file")) {
            err.println("mesh init: --source is postgres or file, not '" + source + "'");
            return MeshCli.USAGE;
        }
        if (Files.exists(file) && !force) {
            err.println("mesh init: " + file + " already exists; pass --force to overwrite it");
            return MeshCli.USAGE;
        }
        Files.writeString(file, render());
        spec.commandLine().getOut().println("wrote " + file + ": fill in the TODOs, then run ./mesh validate " + file);
        return MeshCli.OK;
    }

    String render() throws IOException {
        String template;
        try (InputStream in = InitCommand.class.getResourceAsStream("/templates/dataproduct.yaml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String envName = (domain + "_DB_URI").toUpperCase().replace('-', '_');
        String sourceBlock = source.equals("postgres")
                ? String.join(
                        "\n",
                        "  source:",
                        "    type: postgres",
                        "    connection: ${" + envName
                                + "}   # a JDBC URL from the environment, never a literal secret",
                        "    query: \"SELECT * FROM " + name.replace('-', '_') + " WHERE updated_at > :last_run\"",
                        "    cursor: updated_at           # the column :last_run advances on")
                : String.join(
                        "\n",
                        "  source:",
                        "    type: file",
                        "    path: data/" + name + ".jsonl   # CSV or JSON lines",
                        "    format: jsonl",
                        "    cursor: updated_at");
        return template.replace("{{schemaLine}}", schemaLine())
                .replace("{{file}}", file.toString())
                .replace("{{name}}", name)
                .replace("{{domain}}", domain)
                .replace("{{owner}}", owner)
                .replace("{{oncall}}", oncall == null ? "" : oncall)
                .replace("{{source}}", sourceBlock)
                .replace("{{checks}}", checksBlock());
    }

    /** A null rate and a volume check, written from the check types' own examples, and the other types named. */
    static String checksBlock() {
        List<String> lines = new ArrayList<>();
        lines.add(commented("    checks:", "check types: " + String.join(", ", CheckType.wireNames())));
        for (CheckType type : List.of(CheckType.NULL_RATE, CheckType.ROW_COUNT_DELTA)) {
            DataProduct.QualityCheck e = type.example();
            lines.add(commented("      - type: " + type.wireName(), type.summary()));
            if (e.column() != null) {
                lines.add("        column: " + e.column());
            }
            if (e.threshold() != null) {
                lines.add(commented(
                        "        threshold: " + e.threshold(),
                        "at most "
                                + BigDecimal.valueOf(e.threshold())
                                        .movePointRight(2)
                                        .stripTrailingZeros()
                                        .toPlainString()
                                + "%"));
            }
            if (e.window() != null) {
                lines.add(commented("        window: " + e.window(), "the earlier runs it compares against"));
            }
        }
        return String.join("\n", lines);
    }

    private static String commented(String line, String comment) {
        return line + " ".repeat(Math.max(1, 33 - line.length())) + "# " + comment;
    }

    /** Editors (yaml-language-server) complete the file from the repo's JSON Schema when they know where it is. */
    private static String schemaLine() {
        String root = System.getProperty("meshplane.root");
        if (root == null) {
            return "";
        }
        Path schema = Path.of(root, "schemas/json/dataproduct.schema.json")
                .toAbsolutePath()
                .normalize();
        return Files.exists(schema) ? "# yaml-language-server: $schema=" + schema + "\n" : "";
    }
}
