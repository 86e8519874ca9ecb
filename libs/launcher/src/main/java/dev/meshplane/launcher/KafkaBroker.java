package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Real Apache Kafka brokers in KRaft combined mode (each node a broker and a controller), run as child processes from
 * the broker jars that Maven laid out under {@code dist/kafka/libs}: one node, or a cluster of several on loopback. The
 * replication follows the cluster's size: with three nodes or more every topic created without a factor of its own
 * (the platform's, products' output topics, Kafka Streams' internal ones, the offsets and transaction logs) gets three
 * replicas and {@code min.insync.replicas=2}; one node keeps one replica.
 */
public final class KafkaBroker {

    private KafkaBroker() {}

    /** One node: its id and its loopback ports ({@code operatorPort}: the secured cluster's operator listener). */
    public record Node(int id, int port, int controllerPort, int operatorPort) {}

    /**
     * A KRaft cluster of combined nodes on loopback, every node a voter of the controller quorum.
     *
     * @param id the cluster id every node is formatted with (see {@link #newClusterId()})
     */
    public record Cluster(String id, List<Node> nodes) {

        public Cluster {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one node");
            }
            nodes = List.copyOf(nodes);
        }

        /** Three replicas from three nodes on, else as many as there are nodes. */
        public int replicationFactor() {
            return Math.min(3, nodes.size());
        }

        /** Two of three replicas must have a write before it is acknowledged ({@code acks=all}); one of fewer. */
        public int minInsyncReplicas() {
            return replicationFactor() >= 3 ? 2 : 1;
        }

        /** Every node's client listener: what clients bootstrap from. */
        public String bootstrap() {
            return String.join(
                    ",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
        }

        /** Every node's operator listener (a secured cluster's). */
        public String operatorBootstrap() {
            return String.join(
                    ",",
                    nodes.stream().map(n -> "127.0.0.1:" + n.operatorPort()).toList());
        }

        /** The process name of a node: {@code kafka} for a single node, {@code kafka-<id>} in a cluster. */
        public String processName(Node node) {
            return nodes.size() == 1 ? "kafka" : "kafka-" + node.id();
        }

        String voters() {
            return String.join(
                    ",",
                    nodes.stream()
                            .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                            .toList());
        }
    }

    /**
     * Formats every node's storage on first use (under {@code dataDir} itself for one node, {@code dataDir/node-<id>}
     * for several) and starts them all; returns once they are started, not ready (a cluster's nodes become ready
     * together, once the controllers have a quorum).
     *
     * @param logLevel the brokers' root log level; WARN keeps test output short
     * @param security null: PLAINTEXT, no authorizer
     */
    public static List<ManagedProcess> start(
            Path distDir,
            Path dataDir,
            Path runDir,
            Cluster cluster,
            String heap,
            String logLevel,
            BrokerSecurity security)
            throws IOException {
        List<ManagedProcess> started = new ArrayList<>();
        try {
            for (Node node : cluster.nodes()) {
                started.add(start(
                        distDir, nodeDir(dataDir, cluster, node), runDir, cluster, node, heap, logLevel, security));
            }
            return started;
        } catch (IOException | RuntimeException e) {
            started.forEach(p -> p.stop(Duration.ofSeconds(5)));
            throw e;
        }
    }

    /** Where a node keeps its configuration and log directory. */
    public static Path nodeDir(Path dataDir, Cluster cluster, Node node) {
        return cluster.nodes().size() == 1 ? dataDir : dataDir.resolve("node-" + node.id());
    }

    /**
     * Starts one node of {@code cluster} (formatting its storage on first use): a node killed on purpose comes back
     * this way with its data.
     */
    public static ManagedProcess start(
            Path distDir,
            Path dataDir,
            Path runDir,
            Cluster cluster,
            Node node,
            String heap,
            String logLevel,
            BrokerSecurity security)
            throws IOException {
        Path libs = distDir.resolve("kafka/libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("no Kafka broker under " + libs
                    + ": build first with ./mvnw -DskipTests install (it lays out the broker through Maven)");
        }
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("server.properties");
        Path logDir = dataDir.resolve("data");
        String replicas = Integer.toString(cluster.replicationFactor());
        String minInsync = Integer.toString(cluster.minInsyncReplicas());
        int port = node.port();
        int controllerPort = node.controllerPort();
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(node.id())),
                Map.entry("controller.quorum.voters", cluster.voters()),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("default.replication.factor", replicas),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minInsync),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minInsync),
                Map.entry("min.insync.replicas", minInsync),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false")));
        if (security != null) {
            p.putAll(secured(security, node));
        }
        Files.deleteIfExists(config);
        // the operator's password is in it: readable by this user only, from its creation on
        Files.createFile(config, ManagedProcess.OWNER_ONLY);
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
        List<String> jvm = new ArrayList<>(
                List.of(java, "-Xms128m", "-Xmx" + heap, "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + log4j));
        if (security != null) {
            jvm.add("-D" + BrokerSecurity.ALLOWED_URLS_PROPERTY + "=" + security.jwksUrl());
        }
        jvm.addAll(List.of("-cp", classpath));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(jvm, config, dataDir, runDir, cluster.id());
        }
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.Kafka", config.toString()));
        return ManagedProcess.start(cluster.processName(node), command, dataDir, runDir);
    }

    /**
     * The listeners of a secured broker: {@code EXTERNAL} (everyone, OAUTHBEARER), {@code INTERNAL} (the operator and
     * the broker's own replication, PLAIN) and {@code CONTROLLER} (KRaft, PLAIN), all on loopback.
     */
    static Map<String, String> secured(BrokerSecurity security, Node node) {
        int port = node.port();
        int controllerPort = node.controllerPort();
        String plain = security.plainLogin(true);
        String bearer = "org.apache.kafka.common.security.oauthbearer.";
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listeners",
                "EXTERNAL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + node.operatorPort()
                        + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "EXTERNAL://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + node.operatorPort());
        p.put(
                "listener.security.protocol.map",
                "EXTERNAL:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.internal.plain.sasl.jaas.config", plain);
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", plain);
        p.put("listener.name.external.sasl.enabled.mechanisms", "OAUTHBEARER");
        p.put("listener.name.external.oauthbearer.sasl.jaas.config", bearer + "OAuthBearerLoginModule required ;");
        p.put(
                "listener.name.external.oauthbearer.sasl.server.callback.handler.class",
                bearer + "OAuthBearerValidatorCallbackHandler");
        p.put("sasl.oauthbearer.jwks.endpoint.url", security.jwksUrl());
        p.put("sasl.oauthbearer.expected.issuer", security.issuer());
        p.put("sasl.oauthbearer.expected.audience", BrokerSecurity.AUDIENCE);
        p.put("sasl.oauthbearer.sub.claim.name", BrokerSecurity.PRINCIPAL_CLAIM);
        p.put("connections.max.reauth.ms", Long.toString(BrokerSecurity.REAUTHENTICATE_MS));
        // KRaft's StandardAuthorizer, with teams (libs/broker-plugin, laid out with the broker's jars): an ACL may name
        // Team:<name>, matched against the teams in the client's token
        p.put("principal.builder.class", "dev.meshplane.broker.TeamPrincipalBuilder");
        p.put("authorizer.class.name", "dev.meshplane.broker.TeamAwareAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + BrokerSecurity.OPERATOR);
        return p;
    }

    /** True once the broker answers a metadata request. */
    public static boolean isReady(String bootstrap) {
        return isReady(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** True once the broker answers a metadata request of a client with these settings (a secured one's operator). */
    public static boolean isReady(Map<String, Object> client) {
        return isReady(client, 1);
    }

    /** True once the cluster answers a metadata request with at least {@code nodes} brokers in it. */
    public static boolean isReady(Map<String, Object> client, int nodes) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500);
        try (Admin admin = Admin.create(c)) {
            return admin.describeCluster()
                            .nodes()
                            .get(1500, TimeUnit.MILLISECONDS)
                            .size()
                    >= nodes;
        } catch (Exception e) {
            return false;
        }
    }

    private static void format(List<String> jvm, Path config, Path dataDir, Path runDir, String clusterId)
            throws IOException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()));
        Files.createDirectories(runDir);
        Path log = runDir.resolve("kafka-format-" + dataDir.getFileName() + ".log");
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

    /** A new KRaft cluster id: 16 random bytes, base64url without padding, not starting with '-'. */
    public static String newClusterId() {
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
