package dev.meshplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/**
 * The CLI's bad-input corpus: files a descriptor should never be (junk, bombs, devices, directories, 10 MB, invalid
 * UTF-8, ...) given to {@code mesh validate}, {@code mesh validate --output json} and {@code mesh publish}. Each must
 * end, quickly, with its exit code and a message that names the file's problem; {@code publish} must send nothing: it
 * points at a closed port ({@code --bootstrap 127.0.0.1:1}), so any attempt to send would say the broker is not
 * reachable. docs/testing.md lists the number of rows per command.
 */
@EnabledOnOs(OS.LINUX) // devices, FIFOs and symbolic links as Linux has them
class HostileFilesTest {

    /** One hostile file: how to make it, the exit code it earns, and what the message must say. */
    record HostileFile(String name, Maker maker, int exitCode, String message) {

        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Maker {
        Path make(Path dir) throws IOException, InterruptedException;
    }

    /** One run: a command over one hostile file. */
    record Row(String command, HostileFile file) {

        @Override
        public String toString() {
            return command + " | " + file.name() + " -> exit " + file.exitCode();
        }
    }

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void endsWithItsExitCodeAndAMessageThatNamesTheProblem(Row row) throws Exception {
        Path file = row.file().maker().make(dir);
        List<String> args = new ArrayList<>(List.of(row.command().split(" ")));
        if (row.command().equals("publish")) {
            args.addAll(List.of("--bootstrap", "127.0.0.1:1", "--timeout", "1"));
        }
        args.add(file.toString());

        int exit = run(args.toArray(String[]::new));

        String said = out + "\n" + err;
        assertThat(exit).as("exit code; said:%n%s", said).isEqualTo(row.file().exitCode());
        assertThat(said).as("what it said").contains(row.file().message());
        assertThat(said)
                .as("a clear message, not a stack trace")
                .doesNotContain("Exception", "\tat ")
                .hasSizeLessThan(4000);
        if (row.command().equals("publish")) {
            assertThat(err.toString())
                    .as("publish sent nothing")
                    .contains("nothing was published")
                    .doesNotContain("not reachable");
        }
        if (row.command().equals("validate --output json") && exit == MeshCli.INVALID) {
            assertThat(out.toString().trim()).startsWith("{\"file\":").contains("\"valid\":false");
        }
    }

    private int run(String... args) {
        CommandLine cli = MeshCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    static List<Row> corpus() {
        List<Row> rows = new ArrayList<>();
        for (String command : List.of("validate", "validate --output json", "publish")) {
            for (HostileFile file : files()) {
                rows.add(new Row(command, file));
            }
        }
        return rows;
    }

    static List<HostileFile> files() {
        return List.of(
                invalid("an empty file", d -> write(d, "empty.yaml", new byte[0]), "the file is empty"),
                invalid("comments only", d -> write(d, "c.yaml", "# nothing\n\n# here\n"), "the file is empty"),
                invalid("binary junk", d -> write(d, "junk.yaml", junk(4096)), "not UTF-8"),
                invalid(
                        "a NUL byte",
                        d -> write(d, "nul.yaml", valid(d).replace("one sentence", "one\u0000sentence")),
                        "not valid YAML"),
                invalid(
                        "UTF-16 with a byte-order mark",
                        d -> write(d, "u16.yaml", utf16(valid(d))),
                        "not UTF-8 (byte 0xFE at offset 0)"),
                invalid("an alias bomb (billion laughs)", d -> write(d, "bomb.yaml", aliasBomb()), "too many aliases"),
                invalid(
                        "nested 10,000 deep",
                        d -> write(d, "deep.yaml", "spec: " + "[".repeat(10_000)),
                        "Nesting Depth"),
                invalid(
                        "a recursive alias",
                        d -> write(d, "loop.yaml", valid(d).replace("  domain: sales", "  domain: &d [*d]")),
                        "metadata.domain"),
                invalid("two documents", d -> write(d, "two.yaml", valid(d) + "---\n" + valid(d)), "not valid YAML"),
                invalid("a list, not a mapping", d -> write(d, "list.yaml", "- a\n- b\n"), "mapping"),
                invalid("10 MB", d -> write(d, "big.yaml", tenMegabytes()), "larger than 256 KiB"),
                invalid(
                        "invalid UTF-8 in the name",
                        d -> write(d, "utf8.yaml", invalidUtf8Before(valid(d), "orders ")),
                        "not UTF-8 (byte 0xFF"),
                invalid(
                        "no metadata.domain",
                        d -> write(d, "nodomain.yaml", valid(d).replace("  domain: sales\n", "")),
                        "metadata.domain"),
                unusable("a directory", d -> Files.createDirectory(d.resolve("dir.yaml")), "is a directory"),
                unusable(
                        "a symbolic link to /dev/zero",
                        d -> Files.createSymbolicLink(d.resolve("zero.yaml"), Path.of("/dev/zero")),
                        "is not a regular file"),
                unusable("a named pipe", HostileFilesTest::fifo, "is not a regular file"),
                unusable("a missing file", d -> d.resolve("missing.yaml"), "no such file"),
                unusable(
                        "a dangling symbolic link",
                        d -> Files.createSymbolicLink(d.resolve("dangling.yaml"), d.resolve("gone.yaml")),
                        "no such file"),
                unusable("a symbolic link loop", HostileFilesTest::loop, "no such file"));
    }

    /**
     * Invalid UTF-8 where YAML cannot notice it, in free text: decoded leniently, the bytes would become U+FFFD and
     * the descriptor would validate and be published with them. The file is refused instead.
     */
    @Test
    void invalidUtf8InFreeTextIsRefusedNotReplaced() throws Exception {
        Path file = write(dir, "utf8.yaml", invalidUtf8Before(valid(dir), "one sentence"));

        assertThat(run("validate", file.toString())).isEqualTo(MeshCli.INVALID);
        assertThat(out.toString()).contains("UTF-8");
        assertThat(run("publish", "--bootstrap", "127.0.0.1:1", file.toString()))
                .isEqualTo(MeshCli.INVALID);
        assertThat(err.toString()).contains("nothing was published").doesNotContain("not reachable");
    }

    /** A complete descriptor that validates, as {@code mesh init} writes it: the base the hostile files spoil. */
    static String valid(Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        if (!Files.exists(file)) {
            CommandLine init = MeshCli.commandLine();
            init.setOut(new PrintWriter(new StringWriter()));
            init.setErr(new PrintWriter(new StringWriter()));
            int exit = init.execute(
                    "init",
                    "orders",
                    "--domain",
                    "sales",
                    "--owner",
                    "sales@company.com",
                    "--oncall",
                    "jane@company.com",
                    "-o",
                    file.toString());
            assertThat(exit).isEqualTo(MeshCli.OK);
        }
        return Files.readString(file);
    }

    private static HostileFile invalid(String name, Maker maker, String message) {
        return new HostileFile(name, maker, MeshCli.INVALID, message);
    }

    private static HostileFile unusable(String name, Maker maker, String message) {
        return new HostileFile(name, maker, MeshCli.USAGE, message);
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** Bytes no editor writes: every byte value, NUL and control characters included. */
    static byte[] junk(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16); // big-endian with a byte-order mark
    }

    /** Nine lists of nine references to the list before: 9^9 strings if expanded. */
    static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "*" : ", *").append((char) (c - 1));
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    private static byte[] tenMegabytes() {
        byte[] bytes = new byte[10 * 1024 * 1024];
        byte[] line =
                "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = line[i % line.length];
        }
        return bytes;
    }

    /** {@code text} in UTF-8 with two bytes that are not UTF-8 (0xFF 0xFE) just before {@code value}. */
    private static byte[] invalidUtf8Before(String text, String value) {
        int at = text.indexOf(value);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[before.length + 2 + after.length];
        System.arraycopy(before, 0, out, 0, before.length);
        out[before.length] = (byte) 0xFF;
        out[before.length + 1] = (byte) 0xFE;
        System.arraycopy(after, 0, out, before.length + 2, after.length);
        return out;
    }

    private static Path fifo(Path dir) throws IOException, InterruptedException {
        Path fifo = dir.resolve("pipe.yaml");
        Process mkfifo =
                new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(fifo)).isTrue();
        return fifo;
    }

    private static Path loop(Path dir) throws IOException {
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        return a;
    }
}
