package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The platform's identity provider: the real Keycloak 26.5.6 server ({@code keycloak-quarkus-dist:tar.gz} from Maven
 * Central, laid out under {@code <dist>/keycloak}), run as a child process on Java 21+ in development mode, bound to
 * loopback, with the seeded realm {@value #REALM} imported at every start ({@code data/import/meshplane-realm.json},
 * copied there by the dist build) into an in-memory database: each start begins from the seeded realm, and two
 * instances never share a database file.
 *
 * <p>The JVM is started directly with the command {@code bin/kc.sh} would build, so the recorded pid is the server's
 * own (kc.sh keeps itself in front of the JVM, and a SIGKILL of kc.sh would leave the server running). Like kc.sh,
 * {@link #start} relaunches the server when its first run only re-augmented it and exited with 10 (the first start
 * after the distribution was unpacked, or after a build option changed).
 */
public final class Keycloak {

    /** The part name: log {@code identity.log} and pid file {@code identity.pid} in the run directory. */
    public static final String NAME = "identity";

    public static final String REALM = "meshplane";

    /** Keycloak's exit code after it re-augmented itself for new build options; it must then be started again. */
    static final int REAUGMENTED_EXIT_CODE = 10;

    /** Printed by a start-dev run that serves, never by one that only re-augments. */
    static final String SERVING_BANNER = "Running the server in development mode";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Keycloak() {}

    /**
     * Starts Keycloak; returns once it is past its build step and starting, not ready (see {@link #isReady}). On the
     * first start after unpacking, that build step (re-augmentation) took 17–44 s on a busy 2-core machine.
     *
     * @param distDir the distributions' folder, holding {@code keycloak/}
     * @param runDir where the log, the pid file and the transaction log go
     */
    public static ManagedProcess start(Path distDir, Path runDir, int port, int managementPort) throws IOException {
        return start(distDir, runDir, port, managementPort, randomPassword());
    }

    /**
     * As {@link #start(Path, Path, int, int)}, with the master realm's bootstrap admin password chosen by the caller:
     * the test platform keeps it to create clients through the admin API. Never logged.
     */
    public static ManagedProcess start(Path distDir, Path runDir, int port, int managementPort, String adminPassword)
            throws IOException {
        Path home = distDir.resolve("keycloak").toAbsolutePath();
        Path runJar = home.resolve("lib/quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("no Keycloak under " + home
                    + ": build first with ./mvnw -DskipTests install (it unpacks Keycloak through Maven)");
        }
        if (!Files.isRegularFile(home.resolve("data/import/meshplane-realm.json"))) {
            throw new IllegalStateException("no seeded realm in " + home.resolve("data/import")
                    + ": build deploy/local/dist again (it copies deploy/local/realm/meshplane-realm.json there)");
        }
        Files.createDirectories(runDir);
        Path java = JavaRuntimes.registryJava();
        // The bootstrap admin of the master realm: a new random password at every start, in the environment only
        // (never on the command line, where ps shows it, nor in a log). The meshplane realm does not need it.
        Map<String, String> environment =
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        // Two processes starting from one unpacked server at once (an IT while the local platform starts, or two
        // test JVMs) would both re-augment lib/quarkus on a first start and could leave it half written: the start
        // is taken under a file lock on the installation, so the second waits and then finds it built.
        try (FileChannel lockFile = FileChannel.open(
                        home.resolve(".meshplane-start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            long logStart = logSize(runDir);
            Process first = ManagedProcess.launch(
                    NAME, command(java, home, runDir, port, managementPort, false), environment, home, runDir);
            if (awaitBuildStep(first, ManagedProcess.logFile(NAME, runDir), logStart, port) == REAUGMENTED_EXIT_CODE) {
                return ManagedProcess.start(
                        NAME, command(java, home, runDir, port, managementPort, true), environment, home, runDir);
            }
            return ManagedProcess.adopt(NAME, first, runDir);
        }
    }

    /**
     * The java command line of {@code bin/kc.sh start-dev}, with a smaller footprint than kc.sh's defaults (G1, C2):
     * a 512 MiB heap, the serial collector and the client compiler, which start it faster on two cores.
     *
     * @param built true for the relaunch after a re-augmentation, as kc.sh passes it
     */
    static List<String> command(Path java, Path home, Path runDir, int port, int managementPort, boolean built) {
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xms64m",
                "-Xmx512m",
                "-XX:MetaspaceSize=96m",
                "-XX:MaxMetaspaceSize=256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8",
                "-Djava.security.egd=file:/dev/urandom",
                "-Duser.language=en",
                "-Duser.country=US",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                        + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                // Java 24+: JBoss Threads resets thread locals through java.lang internals.
                "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        if (JavaRuntimes.featureVersion(java.getParent().getParent()) >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Netty's off-heap buffers, without a warning
        }
        if (built) {
            command.add("-Dkc.config.built=true");
        }
        command.addAll(List.of(
                "-Dkc.home.dir=" + home,
                "-Djboss.server.config.dir=" + home.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dpicocli.disable.closures=true",
                "-Dquarkus-log-max-startup-records=10000",
                // Not in the shared distribution folder: each instance keeps its own transaction log.
                "-Dquarkus.transaction-manager.object-store.directory="
                        + runDir.toAbsolutePath().resolve(NAME + "-transactions"),
                "-cp",
                home.resolve("lib/quarkus-run.jar").toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                // A fixed issuer: in development mode it would otherwise follow each request's Host header.
                "--hostname=http://127.0.0.1:" + port,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--db=dev-mem",
                "--import-realm"));
        return command;
    }

    /**
     * Waits until the first run shows whether it serves or only re-augments: it exits (the exit code is returned), it
     * prints the serving banner, or it answers; -1 unless it exited.
     */
    private static int awaitBuildStep(Process first, Path log, long logStart, int port) {
        long deadline = System.nanoTime() + readyTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!first.isAlive()) {
                return first.exitValue();
            }
            if (logSince(log, logStart).contains(SERVING_BANNER) || isReady(port)) {
                return -1;
            }
            ManagedProcess.pause(Duration.ofMillis(200));
        }
        return -1; // awaitReady reports a start that never ends
    }

    private static long logSize(Path runDir) throws IOException {
        Path log = ManagedProcess.logFile(NAME, runDir);
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** What the log gained after {@code offset} (the first lines of this start; at most 64 KiB are read). */
    private static String logSince(Path log, long offset) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** 24 random bytes, URL-safe: a bootstrap admin password nobody needs to type. */
    public static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The secret of a confidential client of the seeded realm ({@code deploy/local/realm}): local only, written in the
     * realm file for everyone to read, never for a real deployment.
     */
    public static String localSecret(String clientId) {
        return clientId + "-local-secret";
    }

    /** The realm's issuer, the {@code iss} of every token it hands out. */
    public static String issuer(int port) {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public static String tokenEndpoint(int port) {
        return issuer(port) + "/protocol/openid-connect/token";
    }

    /** The realm's signing keys, for a party that verifies tokens (the broker, later). */
    public static String jwksEndpoint(int port) {
        return issuer(port) + "/protocol/openid-connect/certs";
    }

    /** Ready once the seeded realm is imported and its OpenID configuration is served. */
    public static boolean isReady(int port) {
        return Probes.httpOk(issuer(port) + "/.well-known/openid-configuration");
    }

    /** Generous: the first start after unpacking re-augments the server first. */
    public static Duration readyTimeout() {
        return Duration.ofSeconds(240);
    }
}
