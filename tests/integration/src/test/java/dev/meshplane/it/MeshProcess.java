package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.meshplane.testing.TestPlatform;

/** The built {@code mesh.jar} as a user runs it: a process of its own, with the environment the test gives. */
final class MeshProcess {

    /** How a run ended: exit code, standard output, standard error. */
    record Run(int exit, String out, String err) {}

    private MeshProcess() {}

    /**
     * Runs {@code mesh args...} with no {@code MESH_*} variable of the test's own environment, then {@code env}; writes
     * {@code stdin} (when not null) and waits up to 90 s.
     */
    static Run run(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                TestPlatform.repositoryRoot().resolve("cli/target/mesh.jar").toString(),
                "dev.meshplane.cli.MeshCli"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("mesh", ".out");
        Path err = Files.createTempFile("mesh", ".err");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("MESH_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            assertThat(p.waitFor(90, TimeUnit.SECONDS))
                    .as("mesh " + String.join(" ", args) + " ended")
                    .isTrue();
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
