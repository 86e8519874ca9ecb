package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Apicurio Registry 3.3.3 ({@code apicurio-registry-app:tar.gz:all} from Maven Central), run as a child
 * process on Java 21+, bound to loopback, with a global BACKWARD compatibility rule.
 */
public final class ApicurioRegistry {

    private ApicurioRegistry() {}

    /**
     * Starts the registry; returns once it is started, not ready.
     *
     * @param storageDir where H2 keeps schemas across restarts; {@code null} for in-memory storage (tests)
     */
    public static ManagedProcess start(Path distDir, Path runDir, Path storageDir, int port, int managementPort)
            throws IOException {
        Path jar = distDir.resolve("apicurio/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Apicurio Registry under " + jar.getParent()
                    + ": build first with ./mvnw -DskipTests install (it unpacks the registry through Maven)");
        }
        List<String> command = new ArrayList<>(List.of(
                JavaRuntimes.registryJava().toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.rules.global.compatibility=BACKWARD",
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=8"));
        if (storageDir != null) {
            Files.createDirectories(storageDir);
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:"
                    + storageDir.toAbsolutePath().resolve("registry"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        return ManagedProcess.start("registry", command, jar.getParent(), runDir);
    }

    /** The v3 API base URL the serdes and services use. */
    public static String apiUrl(int port) {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    public static boolean isReady(int port) {
        return Probes.httpOk(apiUrl(port) + "/system/info");
    }

    public static Duration readyTimeout() {
        return Duration.ofSeconds(90);
    }
}
