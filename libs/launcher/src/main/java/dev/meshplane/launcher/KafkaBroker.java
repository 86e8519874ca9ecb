package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode, run as a child process from the broker jars that
 * Maven laid out under {@code dist/kafka/libs}.
 */
public final class KafkaBroker {

    private KafkaBroker() {}

    /**
     * Formats {@code dataDir} on first use and starts the broker; returns once it is started, not ready.
     *
     * @param logLevel the broker's root log level; WARN keeps test output short
     */
    public static ManagedProcess start(
            Path distDir, Path dataDir, Path runDir, int port, int controllerPort, String heap, String logLevel)
            throws IOException {
        Path libs = distDir.resolve("kafka/libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("no Kafka broker under " + libs
                    + ": build first with ./mvnw -DskipTests install (it lays out the broker through Maven)");
        }
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("server.properties");
        Path logDir = dataDir.resolve("data");
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false")));
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by the Meshplane local platform");
        }
        Path log4j = dataDir.resolve("log4j2.properties");
        Files.writeString(
                log4j,
                String.join(
                        "\n",
                        "status = warn",
                        "appender.out.type = Console",
                        "appender.out.name = OUT",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = " + logLevel,
                        "rootLogger.appenderRef.out.ref = OUT",
                        ""));
        String java = JavaRuntimes.current().toString();
        String classpath = libs.resolve("*").toString();
        List<String> jvm = List.of(
                java,
                "-Xms128m",
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + log4j,
                "-cp",
                classpath);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(jvm, config, dataDir, runDir);
        }
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.Kafka", config.toString()));
        return ManagedProcess.start("kafka", command, dataDir, runDir);
    }

    /** True once the broker answers a metadata request. */
    public static boolean isReady(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500))) {
            return !admin.describeCluster()
                    .nodes()
                    .get(1500, TimeUnit.MILLISECONDS)
                    .isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static void format(List<String> jvm, Path config, Path dataDir, Path runDir) throws IOException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()));
        Files.createDirectories(runDir);
        Path log = runDir.resolve("kafka-format.log");
        Process process = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed:\n" + ManagedProcess.tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    /** A KRaft cluster id: 16 random bytes, base64url without padding, not starting with '-'. */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) { // the storage tool would read a leading '-' as an option
                return id;
            }
        }
    }

    public static Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }
}
