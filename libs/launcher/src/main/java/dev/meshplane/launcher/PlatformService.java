package dev.meshplane.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one description of each platform service: its name, its fixed HTTP port on a developer's machine, the heap it
 * is given and where its build puts it. The local platform, the test platform and the docs' checks read it from
 * here; {@code PlatformDescriptionTest} fails when {@code deploy/compose} or the README disagree.
 */
public enum PlatformService {
    GOVERNANCE("governance", 8081, "256m", Duration.ofSeconds(60)),
    /**
     * Keeps the products on disk and a summary and index entries of each in memory. Its first start reads every topic
     * from the beginning (about 1,500 events/s here), hence the longer wait; a restart goes on from its offsets.
     */
    CATALOG(
            "catalog",
            8080,
            "256m",
            Duration.ofMinutes(5),
            "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=75"),
    /** Up to ~175 MiB of kept runs in memory ({@code meshplane.cached-runs}). */
    QUALITY("quality", 8082, "512m", Duration.ofSeconds(60)),
    FRESHNESS("freshness", 8083, "256m", Duration.ofSeconds(60)),
    /** Delivers alerts (docs/alerting.md); holds the products' owners, on-calls and readers in memory. */
    ALERTING("alerting", 8084, "256m", Duration.ofSeconds(60));

    /** Every service answers this path with 200 once it can serve. */
    public static final String READINESS_PATH = "/q/health/ready";

    private final String serviceName;
    private final int port;
    private final String heap;
    private final Duration readyTimeout;
    private final List<String> jvmOptions;

    PlatformService(String serviceName, int port, String heap, Duration readyTimeout, String... jvmOptions) {
        this.serviceName = serviceName;
        this.port = port;
        this.heap = heap;
        this.readyTimeout = readyTimeout;
        this.jvmOptions = List.of(jvmOptions);
    }

    /** JVM options besides the heap, the same wherever the service runs (the local platform, tests, compose). */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** How long a replica may take from start to ready before the launcher gives up on it. */
    public Duration readyTimeout() {
        return readyTimeout;
    }

    public String serviceName() {
        return serviceName;
    }

    /** The fixed port of the local platform and compose; tests use free ports instead. */
    public int port() {
        return port;
    }

    /**
     * The replica's instance id ({@code meshplane.instance-id}) when it listens on {@code port}: distinct for every
     * replica on a machine, the same when that replica is restarted, so it takes its consumer group membership (and
     * governance its transactions) straight back.
     */
    public String instanceId(int port) {
        return serviceName + "-" + port;
    }

    /** Its client (and service account) at the identity provider: {@code svc-<name>}. */
    public String clientId() {
        return "svc-" + serviceName;
    }

    /** The {@code -Xmx} value. */
    public String heap() {
        return heap;
    }

    /** The module's directory in the repository. */
    public Path moduleDir(Path repositoryRoot) {
        return repositoryRoot.resolve("services").resolve(serviceName);
    }

    /** The runnable jar {@code ./mvnw package} builds (Quarkus fast-jar layout). */
    public Path jar(Path repositoryRoot) {
        return moduleDir(repositoryRoot).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** In start order. */
    public static List<PlatformService> all() {
        return List.of(values());
    }

    public static Optional<PlatformService> named(String name) {
        return Arrays.stream(values()).filter(s -> s.serviceName.equals(name)).findFirst();
    }
}
