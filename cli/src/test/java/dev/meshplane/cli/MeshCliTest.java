package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

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

        assertThat(run("publish", "--anonymous", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString())
                .contains("could not publish")
                .contains("Kafka broker at 127.0.0.1:1 is not reachable")
                .contains("deploy/local/platform up");
    }

    @Test
    void publishWithoutALoginSaysHowToLogInAndSendsNothing() {
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
        String before = System.getProperty(TokenStore.FOLDER_PROPERTY);
        System.setProperty(TokenStore.FOLDER_PROPERTY, dir.resolve("no-login").toString());
        try {
            assertThat(run("publish", "--bootstrap", "127.0.0.1:1", file.toString()))
                    .isEqualTo(MeshCli.USAGE);
        } finally {
            if (before == null) {
                System.clearProperty(TokenStore.FOLDER_PROPERTY);
            } else {
                System.setProperty(TokenStore.FOLDER_PROPERTY, before);
            }
        }
        assertThat(err.toString())
                .contains("not logged in")
                .contains("mesh login")
                .contains("nothing was published")
                .doesNotContain("not reachable"); // refused before connecting
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

    /** A complete descriptor that validates: what mesh init writes with every option given. */
    private Path validDescriptor(String fileName) {
        Path file = dir.resolve(fileName);
        assertThat(run(
                        "init",
                        "p",
                        "--domain",
                        "d",
                        "--owner",
                        "d@company.com",
                        "--oncall",
                        "o@company.com",
                        "-o",
                        file.toString()))
                .isEqualTo(MeshCli.OK);
        return file;
    }

    @Test
    void aDescriptorWithoutADomainIsInvalidNotACrash() throws IOException {
        Path file = validDescriptor("p.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^  domain: d\\s*$", ""));
        assertThat(Files.readString(file)).doesNotContain("domain:");

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.INVALID);

        assertThat(out.toString())
                .contains("metadata.domain")
                .contains("[warning description-present]") // the policies ran on what could be read
                .doesNotContain("could not be checked")
                .contains("invalid, 1 error");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertThat(run("validate", dir.toString())).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains(dir + ": is a directory").doesNotContain("no such file");

        assertThat(run("publish", "--bootstrap", "127.0.0.1:1", dir.toString())).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("mesh publish: " + dir + ": is a directory");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aDeviceIsNotReadAtAll() {
        assertThat(run("validate", "/dev/zero")).isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("/dev/zero: is not a regular file").doesNotContain("no such file");
    }

    @Test
    void aDescriptorOverTheSizeLimitIsRefusedNamingTheLimit() throws IOException {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "# " + "x".repeat(300 * 1024) + "\n");

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.INVALID);
        assertThat(out.toString()).contains("larger than 256 KiB");
    }

    @Test
    void aScheduleOfLessThanASecondIsAUsageErrorAndNothingRuns() {
        Path file = validDescriptor("p.yaml");

        assertThat(run("run", "--every", "0s", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString())
                .contains("--every 0s: the schedule must be at least 1s")
                .contains("nothing was run");
        assertThat(run("run", "--every", "500ms", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(err.toString()).contains("--every 500ms: the schedule must be at least 1s");
        assertThat(err.toString()).doesNotContain("127.0.0.1:1");
    }

    @Test
    void aNonPositiveTimeoutIsAUsageErrorAndNothingIsSent() {
        Path file = validDescriptor("p.yaml");

        assertThat(run("publish", "--timeout", "-1", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.USAGE);
        assertThat(run("publish", "--timeout", "0", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.USAGE);

        assertThat(err.toString())
                .contains(
                        "--timeout -1: the seconds to wait for the decision must be at least 1; nothing was published")
                .contains("--timeout 0:")
                .doesNotContain("not reachable"); // refused before connecting
    }

    @Test
    void aLiteralSecretIsNeverSent() throws IOException {
        Path file = validDescriptor("p.yaml");
        Files.writeString(
                file,
                Files.readString(file).replace("${D_DB_URI}", "postgresql://admin:hunter2@db.internal:5432/orders"));
        assertThat(Files.readString(file)).contains("hunter2");

        assertThat(run("publish", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.INVALID);

        assertThat(err.toString())
                .contains("spec.source.connection: a literal connection is a secret and is never sent")
                .contains("${ENV} reference")
                .contains("nothing was published")
                .doesNotContain("hunter2")
                .doesNotContain("not reachable");
    }

    @Test
    void aDescriptorThatBreaksAPolicyIsNotSent() {
        Path file = dir.resolve("p.yaml");
        run("init", "p", "--domain", "d", "--owner", "d@company.com", "-o", file.toString()); // no on-call

        assertThat(run("publish", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.INVALID);

        assertThat(out.toString()).contains("metadata.oncall: [error oncall-named] oncall is missing");
        assertThat(err.toString())
                .contains("d/p breaks 1 governance policy")
                .contains("nothing was published")
                .doesNotContain("not reachable");
    }

    @Test
    void statusOfAProductNobodyPublishedIsNotASuccess() throws IOException {
        HttpServer catalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        catalog.createContext("/api/v1/products/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body;
            if (path.endsWith("/sales/orders")) {
                body = "{\"summary\":{\"productId\":\"sales/orders\",\"status\":\"PUBLISHED\",\"version\":\"1.0.0\"},"
                        + "\"versions\":1,\"decisions\":1}";
            } else if (path.endsWith("/sales/rejected")) {
                body = "{\"summary\":{\"productId\":\"sales/rejected\",\"status\":\"REJECTED\",\"version\":null},"
                        + "\"versions\":0,\"decisions\":2}";
            } else if (path.endsWith("/sales/signals-only")) {
                body = "{\"summary\":{\"productId\":\"sales/signals-only\",\"status\":null},"
                        + "\"versions\":0,\"decisions\":0}";
            } else {
                status = 404;
                body = "{\"status\":404,\"detail\":\"no product sales/nobody in the catalog\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        catalog.start();
        String url = "http://127.0.0.1:" + catalog.getAddress().getPort();
        try {
            assertThat(run("status", "sales/orders", "--catalog", url)).isEqualTo(MeshCli.OK);
            assertThat(out.toString()).contains("sales/orders  PUBLISHED  1.0.0");

            assertThat(run("status", "sales/nobody", "--catalog", url)).isEqualTo(MeshCli.INVALID);
            assertThat(err.toString()).contains("mesh status: no product sales/nobody in the catalog");

            assertThat(run("status", "sales/signals-only", "--catalog", url)).isEqualTo(MeshCli.INVALID);
            assertThat(err.toString()).contains("mesh status: no product sales/signals-only in the catalog");

            assertThat(run("status", "sales/rejected", "--catalog", url)).isEqualTo(MeshCli.INVALID);
            assertThat(err.toString())
                    .contains("mesh status: sales/rejected is not published: governance rejected each of its 2");

            assertThat(run("status", "orders", "--catalog", url)).isEqualTo(MeshCli.USAGE);
            assertThat(err.toString()).contains("'orders' is not a product id: write domain/name");
        } finally {
            catalog.stop(0);
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("validate", "--bogus")).isEqualTo(MeshCli.USAGE);
    }
}
