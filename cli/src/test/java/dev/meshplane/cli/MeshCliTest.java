package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class MeshCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = MeshCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void initWritesADescriptorThatValidates() throws IOException {
        Path file = dir.resolve("dataproduct.yaml");

        assertThat(run(
                        "init",
                        "orders-daily-summary",
                        "--domain",
                        "sales",
                        "--owner",
                        "sales-data@company.com",
                        "--oncall",
                        "jane.doe@company.com",
                        "-o",
                        file.toString()))
                .isEqualTo(MeshCli.OK);
        String yaml = Files.readString(file);
        assertThat(yaml)
                .contains("name: orders-daily-summary", "connection: ${SALES_DB_URI}", "oncall: jane.doe@company.com");

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.OK);
        assertThat(out.toString()).contains("valid (sales/orders-daily-summary)");
    }

    @Test
    void initWithAFileSourceAlsoValidates() {
        Path file = dir.resolve("p.yaml");

        assertThat(run(
                        "init",
                        "customer-profile",
                        "--domain",
                        "customers",
                        "--owner",
                        "c@company.com",
                        "--oncall",
                        "o@company.com",
                        "--source",
                        "file",
                        "-o",
                        file.toString()))
                .isEqualTo(MeshCli.OK);

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.OK);
    }

    @Test
    void withoutOncallTheTemplateLeavesATodoThatValidateNames() {
        Path file = dir.resolve("p.yaml");
        run("init", "p", "--domain", "d", "--owner", "d@company.com", "-o", file.toString());

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.INVALID);
        assertThat(out.toString()).contains("metadata.oncall: [error oncall-named] oncall is missing");
    }

    @Test
    void initRefusesToOverwriteWithoutForce() throws IOException {
        Path file = dir.resolve("dataproduct.yaml");
        Files.writeString(file, "mine");

        assertThat(run("init", "x", "--domain", "d", "--owner", "o@c.com", "-o", file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(Files.readString(file)).isEqualTo("mine");
        assertThat(err.toString()).contains("--force");
    }

    @Test
    void validateListsEveryProblemAndExitsOne() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "apiVersion: mesh/v1",
                        "kind: DataProduct",
                        "metadata: {name: Bad_Name, domain: sales}",
                        "spec:",
                        "  freshness: {target: soon, alert_after: 30m}",
                        ""));

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.INVALID);

        assertThat(out.toString())
                .contains(file + ":3:18: metadata.name: 'Bad_Name' is not a valid name")
                .contains(file + ":5:23: spec.freshness.target: 'soon' is not a duration")
                .contains(file + ":3:1: metadata.owner: [error owner-assigned] owner is missing")
                .contains("invalid, ");
    }

    @Test
    void validateSpeaksJsonForMachines() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "apiVersion: mesh/v2\nkind: DataProduct\n");

        assertThat(run("validate", "--output", "json", file.toString())).isEqualTo(MeshCli.INVALID);

        assertThat(out.toString().trim())
                .startsWith("{\"file\":\"" + file + "\",\"valid\":false,\"product\":null,\"problems\":[{\"line\":1,")
                .contains("\"path\":\"apiVersion\"");
    }

    @Test
    void policiesFromAPolicyFileRunOfflineAndWarningsDoNotFail() throws IOException {
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(
                policies,
                String.join(
                        "\n",
                        "kind: PolicySet",
                        "organisation:",
                        "  rules:",
                        "    - {id: company-owner, severity: error, expression: \"product.metadata.owner.endsWith('@company.com')\","
                                + " message: owner must be a company.com address, path: metadata.owner}",
                        ""));
        Path file = dir.resolve("p.yaml");
        assertThat(run(
                        "init",
                        "p",
                        "--domain",
                        "d",
                        "--owner",
                        "d@gmail.com",
                        "--oncall",
                        "o@company.com",
                        "-o",
                        file.toString()))
                .isEqualTo(MeshCli.OK);

        assertThat(run("validate", "--policies", policies.toString(), file.toString()))
                .isEqualTo(MeshCli.INVALID);
        assertThat(out.toString())
                .contains("metadata.owner: [error company-owner] owner must be a company.com address")
                .contains("metadata.description: [warning description-present]");

        Files.writeString(file, Files.readString(file).replace("d@gmail.com", "d@company.com"));
        assertThat(run("validate", "--policies", policies.toString(), file.toString()))
                .isEqualTo(MeshCli.OK);
    }

    @Test
    void aPolicyFileWithABrokenRuleIsAUsageErrorNamingTheRule() throws IOException {
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(
                policies,
                "kind: PolicySet\norganisation:\n  rules:\n    - {id: oops, expression: 'size(', message: m}\n");
        Path file = dir.resolve("p.yaml");
        run("init", "p", "--domain", "d", "--owner", "d@company.com", "-o", file.toString());

        assertThat(run("validate", "--policies", policies.toString(), file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("rule 'oops' does not compile");
    }

    @Test
    void publishSaysWhichPartOfThePlatformIsUnreachable() {
        Path file = dir.resolve("p.yaml");
        run(
                "init",
                "p",
                "--domain",
                "d",
                "--owner",
                "d@company.com",
                "--oncall",
                "o@company.com",
                "-o",
                file.toString());

        assertThat(run("publish", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString())
                .contains("could not publish")
                .contains("Kafka broker at 127.0.0.1:1 is not reachable")
                .contains("deploy/local/platform up");
    }

    @Test
    void publishRefusesAnUnparseableDescriptorWithoutContactingThePlatform() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "apiVersion: mesh/v2\nkind: DataProduct\n");

        assertThat(run("publish", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.INVALID);
        assertThat(err.toString()).contains("unknown apiVersion").contains("nothing was published");
    }

    @Test
    void catalogCommandsSayWhenTheCatalogIsUnreachable() {
        assertThat(run("status", "sales/orders", "--catalog", "http://127.0.0.1:1"))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("catalog at http://127.0.0.1:1 is not reachable");
        assertThat(run("products", "--catalog", "http://127.0.0.1:1")).isEqualTo(MeshCli.USAGE);
        assertThat(run("search", "orders", "--catalog", "http://127.0.0.1:1")).isEqualTo(MeshCli.USAGE);
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(run("validate", dir.resolve("nope.yaml").toString())).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("validate", "--bogus")).isEqualTo(MeshCli.USAGE);
    }
}
