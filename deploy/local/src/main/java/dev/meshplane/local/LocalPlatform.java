package dev.meshplane.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import dev.meshplane.launcher.ApicurioRegistry;
import dev.meshplane.launcher.BrokerSecurity;
import dev.meshplane.launcher.KafkaBroker;
import dev.meshplane.launcher.Keycloak;
import dev.meshplane.launcher.ManagedProcess;
import dev.meshplane.launcher.PlatformAcls;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.launcher.Probes;
import dev.meshplane.launcher.ServiceLauncher;
import dev.meshplane.launcher.TopicProvisioner;
import dev.meshplane.topics.Topics;

/**
 * {@code deploy/local/platform up [--brokers N] [--replicas SERVICE=N,...] [PART...]|down|status|stop PART...}: the
 * whole platform on one machine, no Docker. A part is {@code identity} (Keycloak), {@code kafka} (every broker; {@code
 * kafka-<id>} one node of a cluster), {@code registry} or a service (every replica; {@code <service>-<n>} one). Data
 * lives under {@code .mesh/} at the repository root; each part is waited for until it answers.
 */
public final class LocalPlatform {

    /** The first broker's client listener; node {@code i} of a cluster listens {@code 10 * (i - 1)} above. */
    public static final int KAFKA_PORT = 9092;

    public static final int KAFKA_CONTROLLER_PORT = 9093;
    /** The broker's operator listener (SASL PLAIN, the bootstrapping super user only): {@link BrokerSecurity}. */
    public static final int KAFKA_OPERATOR_PORT = 9094;

    /** How many brokers a cluster may have here (ports 9092 to 9182). */
    static final int MAX_BROKERS = 10;

    /** How many replicas of a service {@code up --replicas} starts at most (ports up to 1000 × 3 above its own). */
    static final int MAX_REPLICAS = 4;

    public static final int REGISTRY_PORT = 8090;
    public static final int REGISTRY_MANAGEMENT_PORT = 8091;
    public static final int IDENTITY_PORT = 8180;
    public static final int IDENTITY_MANAGEMENT_PORT = 8181;

    /**
     * The identity provider's, the broker's and the registry's part names, for up, stop and status; the services go
     * by their own.
     */
    static final String IDENTITY = Keycloak.NAME;

    static final String KAFKA = "kafka";

    static final String REGISTRY = "registry";
    /** The demo's webhook receiver and SMTP server ({@link DemoInbox}), where the local routing file sends alerts. */
    static final String INBOX = "inbox";

    private final Path root;
    private final Path home;
    private final Path dist;
    private final Path runDir;
    private final PrintStream out;

    LocalPlatform(Path root, PrintStream out) {
        this.root = root;
        this.home = root.resolve(".mesh");
        this.dist = root.resolve("deploy/local/dist/target/dist");
        this.runDir = home.resolve("run");
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(System.getProperty("meshplane.root", "."))
                .toAbsolutePath()
                .normalize();
        LocalPlatform platform = new LocalPlatform(root, System.out);
        String command = args.length == 0 ? "status" : args[0];
        try {
            switch (command) {
                case "up" -> platform.up(List.of(args).subList(1, args.length));
                case "down" -> platform.down();
                case "stop" -> platform.stop(List.of(args).subList(1, args.length));
                case "status" -> System.exit(platform.status() ? 0 : 3);
                case "acls" -> platform.acls(args.length > 1 ? args[1] : "");
                default -> {
                    System.err.println(
                            "usage: platform up [--brokers N] [--replicas SERVICE=N,...] [PART...]|down|status"
                                    + "|stop PART...|acls [PRINCIPAL-PREFIX] (parts: " + parts() + ")");
                    System.exit(2);
                }
            }
        } catch (IllegalStateException e) {
            System.err.println("platform: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Every part's name, in start order. */
    static List<String> parts() {
        List<String> names = new ArrayList<>(List.of(IDENTITY, KAFKA, REGISTRY, INBOX));
        PlatformService.all().forEach(s -> names.add(s.serviceName()));
        return names;
    }

    /** @throws IllegalStateException naming the first unknown part and listing the known ones */
    static void checkParts(List<String> names) {
        for (String name : names) {
            boolean node = name.matches("kafka-([1-9]|10)");
            boolean replica = name.matches("[a-z]+-[2-" + MAX_REPLICAS + "]")
                    && PlatformService.named(name.substring(0, name.indexOf('-')))
                            .isPresent();
            if (!parts().contains(name) && !node && !replica) {
                throw new IllegalStateException("unknown part " + name + "; the parts are " + parts());
            }
        }
    }

    /**
     * Starts the named parts (all of them when none is named). A service needs the broker and the registry, so
     * naming one starts those too; naming only {@code identity}, {@code kafka} or {@code registry} starts just that
     * part. The identity provider comes first: the parts that will check tokens need it up when they start. {@code
     * --brokers N} (before the parts) makes the platform's Kafka a cluster of N nodes; the choice is kept with the data
     * ({@code .mesh/kafka/cluster.properties}) and later starts follow it. {@code --replicas quality=2,...} starts
     * that many replicas of the named services, each on its own port ({@link #replicaPort}) and state directory.
     */
    void up(List<String> args) throws IOException {
        List<String> only = new ArrayList<>(args);
        Integer brokers = null;
        Map<PlatformService, Integer> replicas = new java.util.EnumMap<>(PlatformService.class);
        while (!only.isEmpty() && only.get(0).startsWith("--")) {
            String option = only.get(0);
            String value = only.size() > 1 ? only.get(1) : "";
            switch (option) {
                case "--brokers" -> brokers = brokers(value);
                case "--replicas" -> replicas.putAll(replicas(value));
                default ->
                    throw new IllegalStateException(
                            "unknown option " + option + "; up takes --brokers N and --replicas SERVICE=N,...");
            }
            only = only.subList(Math.min(2, only.size()), only.size());
        }
        checkParts(only);
        List<String> named = new ArrayList<>(only);
        for (String name : only) { // quality-2: the service, with at least that many replicas
            int dash = name.lastIndexOf('-');
            Optional<PlatformService> service =
                    dash > 0 ? PlatformService.named(name.substring(0, dash)) : Optional.empty();
            if (service.isPresent()) {
                replicas.merge(service.get(), Integer.parseInt(name.substring(dash + 1)), Math::max);
                named.add(service.get().serviceName());
            }
        }
        only = named;
        boolean services = only.isEmpty()
                || only.stream().anyMatch(n -> PlatformService.named(n).isPresent());
        boolean kafka = services || only.stream().anyMatch(n -> n.equals(KAFKA) || n.startsWith(KAFKA + "-"));
        // the broker validates every client's token against the provider's keys, which it fetches at start
        boolean identity = only.isEmpty() || only.contains(IDENTITY) || kafka;
        boolean registry = services || only.contains(REGISTRY);
        KafkaBroker.Cluster cluster = cluster(brokers);
        String bootstrap = cluster.bootstrap();
        long t0 = System.nanoTime();
        if (identity) {
            startIdentity();
        }
        if (kafka) {
            keep(cluster);
            startKafka(cluster);
        }
        if (registry) {
            startRegistry();
        }
        if (only.isEmpty() || only.contains(INBOX) || only.contains(PlatformService.ALERTING.serviceName())) {
            startInbox();
        }
        for (PlatformService service : PlatformService.all()) {
            if (only.isEmpty() || only.contains(service.serviceName())) {
                for (int replica = 1; replica <= replicas.getOrDefault(service, 1); replica++) {
                    startService(service, replica, bootstrap);
                }
            }
        }
        out.printf(
                "platform up in %.1f s; data under %s; stop with deploy/local/platform down%n", secondsSince(t0), home);
    }

    /**
     * {@code quality=2,freshness=2}: how many replicas of each named service {@code up} starts (1 for the others).
     */
    static Map<PlatformService, Integer> replicas(String value) {
        Map<PlatformService, Integer> out = new java.util.EnumMap<>(PlatformService.class);
        for (String item : value.split(",")) {
            int eq = item.indexOf('=');
            Optional<PlatformService> service =
                    eq > 0 ? PlatformService.named(item.substring(0, eq).trim()) : Optional.empty();
            int n = -1;
            try {
                n = eq > 0 ? Integer.parseInt(item.substring(eq + 1).trim()) : -1;
            } catch (NumberFormatException e) {
                // said below
            }
            if (service.isEmpty() || n < 1 || n > MAX_REPLICAS) {
                throw new IllegalStateException("--replicas takes SERVICE=N,... with a service of "
                        + PlatformService.all().stream()
                                .map(PlatformService::serviceName)
                                .toList() + " and N from 1 to "
                        + MAX_REPLICAS + ", e.g. --replicas quality=2,freshness=2; not '" + item + "'");
            }
            out.put(service.get(), n);
        }
        return out;
    }

    /** Replica {@code n} of a service listens {@code 1000 * (n - 1)} above the service's port: 8082, 9082, 10082. */
    static int replicaPort(PlatformService service, int replica) {
        return service.port() + 1000 * (replica - 1);
    }

    /** The process name of replica {@code n}: the service's name for the first, {@code <service>-<n>} for others. */
    static String replicaName(PlatformService service, int replica) {
        return replica == 1 ? service.serviceName() : service.serviceName() + "-" + replica;
    }

    static int brokers(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_BROKERS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException("--brokers takes a number of brokers from 1 to " + MAX_BROKERS + ", not '"
                + value + "' (3 gives every topic three replicas)");
    }

    /**
     * The platform's Kafka: what {@code .mesh/kafka/cluster.properties} says, written on first use with {@code
     * brokers} (one when not given). Asking for another size than the data holds is refused: the nodes' storage is
     * formatted for its cluster. Nothing is written here: {@link #keep} does, when the platform starts.
     */
    KafkaBroker.Cluster cluster(Integer brokers) throws IOException {
        Path file = home.resolve("kafka/cluster.properties");
        Properties kept = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                kept.load(in);
            }
        } else if (Files.exists(home.resolve("kafka/data/meta.properties"))) {
            kept.setProperty("brokers", "1"); // a single broker from before the cluster file; its own id is in its data
            kept.setProperty("id", KafkaBroker.newClusterId());
        }
        int size = Integer.parseInt(kept.getProperty("brokers", brokers == null ? "1" : brokers.toString()));
        if (brokers != null && brokers != size) {
            throw new IllegalStateException("the data under " + home.resolve("kafka") + " is a " + size
                    + "-broker cluster; to start " + brokers + " brokers, stop the platform (down) and remove "
                    + home + " first (its products and events go with it)");
        }
        String id = kept.getProperty("id", KafkaBroker.newClusterId());
        List<KafkaBroker.Node> nodes = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            int offset = 10 * (i - 1);
            nodes.add(new KafkaBroker.Node(
                    i, KAFKA_PORT + offset, KAFKA_CONTROLLER_PORT + offset, KAFKA_OPERATOR_PORT + offset));
        }
        return new KafkaBroker.Cluster(id, nodes);
    }

    /** Writes {@code .mesh/kafka/cluster.properties} on first use: the nodes are formatted with this id. */
    void keep(KafkaBroker.Cluster cluster) throws IOException {
        Path file = home.resolve("kafka/cluster.properties");
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.setProperty("brokers", Integer.toString(cluster.nodes().size()));
        p.setProperty("id", cluster.id());
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "the local platform's Kafka cluster: its size and the id its nodes are formatted with");
        }
    }

    /** Keycloak with the seeded realm, imported afresh into memory at each start: nothing of it is kept. */
    private void startIdentity() throws IOException {
        long t = System.nanoTime();
        if (ManagedProcess.find(IDENTITY, runDir).isEmpty()) {
            ManagedProcess identity = Keycloak.start(dist, runDir, IDENTITY_PORT, IDENTITY_MANAGEMENT_PORT);
            identity.awaitReady(() -> Keycloak.isReady(IDENTITY_PORT), Keycloak.readyTimeout());
            out.printf("identity   ready in %5.1f s  %s%n", secondsSince(t), Keycloak.issuer(IDENTITY_PORT));
        } else {
            out.printf("identity   already running  %s%n", Keycloak.issuer(IDENTITY_PORT));
        }
    }

    private void startKafka(KafkaBroker.Cluster cluster) throws IOException {
        long t = System.nanoTime();
        BrokerSecurity security = security(cluster);
        String bootstrap = cluster.bootstrap();
        List<ManagedProcess> started = new ArrayList<>();
        for (KafkaBroker.Node node : cluster.nodes()) {
            if (ManagedProcess.find(cluster.processName(node), runDir).isEmpty()) {
                started.add(KafkaBroker.start(
                        dist,
                        KafkaBroker.nodeDir(home.resolve("kafka"), cluster, node),
                        runDir,
                        cluster,
                        node,
                        "512m",
                        "INFO",
                        security));
            }
        }
        int size = cluster.nodes().size();
        for (ManagedProcess broker : started) {
            broker.awaitReady(() -> KafkaBroker.isReady(security.operatorClient(), size), KafkaBroker.readyTimeout());
        }
        String shape = size == 1
                ? ""
                : ", " + size + " brokers, " + cluster.replicationFactor() + " replicas, min.insync.replicas "
                        + cluster.minInsyncReplicas();
        if (started.isEmpty()) {
            out.printf("kafka      already running  %s%s%n", bootstrap, shape);
        } else {
            out.printf(
                    "kafka      ready in %5.1f s  %s (SASL OAUTHBEARER, ACLs%s)%n", secondsSince(t), bootstrap, shape);
        }
        List<String> created = TopicProvisioner.createAll(security.operatorClient(), 3);
        out.printf(
                "topics     %d created, %d in all (%s ...)%n",
                created.size(), Topics.ALL.size(), Topics.ALL.get(0).name());
        int acls =
                PlatformAcls.apply(security.operatorClient(), PlatformAcls.table(PlatformAcls.SEEDED_PIPELINE_DOMAINS));
        out.printf("acls       %d in place (docs/security.md, \"The broker\")%n", acls);
    }

    /**
     * The broker's security: tokens of the local provider, and the operator's password, made on first use and kept
     * under {@code .mesh/kafka} readable by this user only (the broker's configuration holds it too).
     */
    private BrokerSecurity security(KafkaBroker.Cluster cluster) throws IOException {
        Path file = home.resolve("kafka/operator-password");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, ManagedProcess.OWNER_ONLY);
            Files.writeString(file, BrokerSecurity.randomPassword());
        }
        return new BrokerSecurity(
                Keycloak.issuer(IDENTITY_PORT),
                cluster.operatorBootstrap(),
                Files.readString(file).trim());
    }

    /** The demo webhook's signing secret: made on first use, kept under {@code .mesh/inbox} for this user only. */
    private String hookSecret() throws IOException {
        Path file = home.resolve("inbox/hook-secret");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, ManagedProcess.OWNER_ONLY);
            Files.writeString(file, BrokerSecurity.randomPassword());
        }
        return Files.readString(file).trim();
    }

    private void startInbox() throws IOException {
        if (ManagedProcess.find(INBOX, runDir).isPresent()) {
            out.printf("%-10s already running  http://127.0.0.1:%d/hooks%n", INBOX, DemoInbox.HTTP_PORT);
            return;
        }
        long t = System.nanoTime();
        ManagedProcess inbox = ManagedProcess.start(
                INBOX,
                List.of(
                        dev.meshplane.launcher.JavaRuntimes.current().toString(),
                        "-Xmx128m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DemoInbox.class.getName()),
                Map.of(DemoInbox.SECRET_ENV, hookSecret()),
                home,
                runDir);
        inbox.awaitReady(
                () -> dev.meshplane.launcher.Probes.httpOk("http://127.0.0.1:" + DemoInbox.HTTP_PORT + "/ready"),
                Duration.ofSeconds(30));
        out.printf(
                "%-10s ready in %5.1f s  http://127.0.0.1:%d/hooks, /mail (SMTP 127.0.0.1:%d)%n",
                INBOX, secondsSince(t), DemoInbox.HTTP_PORT, DemoInbox.SMTP_PORT);
    }

    private void startRegistry() throws IOException {
        long t1 = System.nanoTime();
        if (ManagedProcess.find(REGISTRY, runDir).isEmpty()) {
            ManagedProcess registry = ApicurioRegistry.start(
                    dist, runDir, home.resolve("registry"), REGISTRY_PORT, REGISTRY_MANAGEMENT_PORT);
            registry.awaitReady(() -> ApicurioRegistry.isReady(REGISTRY_PORT), ApicurioRegistry.readyTimeout());
            out.printf("registry   ready in %5.1f s  %s%n", secondsSince(t1), ApicurioRegistry.apiUrl(REGISTRY_PORT));
        } else {
            out.printf("registry   already running  %s%n", ApicurioRegistry.apiUrl(REGISTRY_PORT));
        }
    }

    private void startService(PlatformService service, int replica, String bootstrap) throws IOException {
        String name = replicaName(service, replica);
        int port = replicaPort(service, replica);
        Path jar = service.jar(root);
        if (!Files.isRegularFile(jar)) {
            out.printf("%-10s not built (%s missing): run ./mvnw -DskipTests install%n", name, root.relativize(jar));
            return;
        }
        if (ManagedProcess.find(name, runDir).isPresent()) {
            out.printf("%-10s already running  %s%n", name, ServiceLauncher.url(port));
            return;
        }
        long t = System.nanoTime();
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("kafka-streams.state.dir", home.resolve("state/" + name).toString());
        if (service == PlatformService.GOVERNANCE) {
            properties.put(
                    "meshplane.policy-file",
                    root.resolve("policies/mesh-policies.yaml").toString());
        }
        Map<String, String> secrets = Map.of();
        if (service == PlatformService.ALERTING) {
            // the repository's example routing: every alert to the demo inbox's webhook, the sales team's by e-mail
            properties.put(
                    "meshplane.alerting.routing-file",
                    root.resolve("deploy/local/alert-routing.yaml").toString());
            properties.put("quarkus.mailer.port", Integer.toString(DemoInbox.SMTP_PORT));
            secrets = Map.of(DemoInbox.SECRET_ENV, hookSecret());
        }
        if (service == PlatformService.CATALOG) {
            // a demo lasts minutes: the health page's trend gets a point a minute (the default is every 15 minutes)
            properties.put("meshplane.web.health-sample-every", "1m");
        }
        ServiceLauncher.start(
                service,
                jar,
                name,
                port,
                bootstrap,
                ApicurioRegistry.apiUrl(REGISTRY_PORT),
                properties,
                runDir,
                security(cluster(null)),
                Keycloak.localSecret(service.clientId()),
                secrets);
        out.printf("%-10s ready in %5.1f s  %s%n", name, secondsSince(t), ServiceLauncher.url(port));
    }

    void down() {
        List<String> names = new ArrayList<>(parts());
        Collections.reverse(names);
        stop(names);
    }

    /** Stops the named parts only (a service to restart, a benchmark's backlog); {@code up} starts them again. */
    void stop(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalStateException("name the parts to stop (" + parts() + "), or stop them all with down");
        }
        checkParts(names);
        List<String> processes = new ArrayList<>();
        for (String name : names) {
            processes.add(name);
            if (name.equals(KAFKA)) { // every node of a cluster
                for (int i = 1; i <= MAX_BROKERS; i++) {
                    if (ManagedProcess.find(KAFKA + "-" + i, runDir).isPresent()) {
                        processes.add(KAFKA + "-" + i);
                    }
                }
            }
            Optional<PlatformService> service = PlatformService.named(name);
            if (service.isPresent()) { // and every other replica of a service
                for (int r = 2; r <= MAX_REPLICAS; r++) {
                    if (ManagedProcess.find(replicaName(service.get(), r), runDir)
                            .isPresent()) {
                        processes.add(replicaName(service.get(), r));
                    }
                }
            }
        }
        // The nodes of a cluster stop together: one left alone without a quorum waits for it until it is killed.
        long signalledAt = System.nanoTime();
        Set<String> signalled = new java.util.HashSet<>();
        processes.stream()
                .filter(n -> n.startsWith(KAFKA + "-"))
                .forEach(n -> ManagedProcess.find(n, runDir).ifPresent(p -> {
                    p.handle().destroy();
                    signalled.add(n);
                }));
        for (String name : processes) {
            Optional<ManagedProcess> process = ManagedProcess.find(name, runDir);
            if (process.isEmpty() && signalled.contains(name)) {
                out.printf("%-10s stopped in %.1f s%n", name, secondsSince(signalledAt));
                continue;
            }
            if (process.isPresent()) {
                long t = System.nanoTime();
                process.get().stop(Duration.ofSeconds(20));
                out.printf("%-10s stopped in %.1f s%n", name, secondsSince(t));
            } else {
                out.printf("%-10s not running%n", name);
            }
        }
    }

    /**
     * Prints the broker's ACLs whose principal starts with {@code principalPrefix} (all when empty), one per line,
     * sorted: what the platform table grants its principals and what governance grants teams ({@code Team:}). Asks as
     * the operator, who alone may list them all.
     */
    void acls(String principalPrefix) throws IOException {
        if (!kafkaReady()) {
            throw new IllegalStateException("kafka is not running: deploy/local/platform up");
        }
        List<String> lines = PlatformAcls.describe(security(cluster(null)).operatorClient(), principalPrefix);
        lines.forEach(out::println);
        out.printf("%d ACL(s)%s%n", lines.size(), principalPrefix.isEmpty() ? "" : " of " + principalPrefix + "*");
    }

    boolean status() {
        boolean allUp = true;
        out.printf("%-12s %-8s %-8s %-8s %s%n", "PART", "STATE", "PID", "RSS MiB", "ADDRESS");
        allUp &= line(IDENTITY, () -> Keycloak.isReady(IDENTITY_PORT), Keycloak.issuer(IDENTITY_PORT));
        try {
            KafkaBroker.Cluster cluster = cluster(null);
            for (KafkaBroker.Node node : cluster.nodes()) {
                allUp &= line(cluster.processName(node), () -> nodeReady(cluster, node), "127.0.0.1:" + node.port());
            }
        } catch (IOException e) {
            out.printf("%-10s %s%n", KAFKA, "unreadable " + home.resolve("kafka/cluster.properties") + ": " + e);
            allUp = false;
        }
        allUp &= line(REGISTRY, () -> ApicurioRegistry.isReady(REGISTRY_PORT), ApicurioRegistry.apiUrl(REGISTRY_PORT));
        for (PlatformService s : PlatformService.all()) {
            for (int r = 1; r <= MAX_REPLICAS; r++) {
                String url = ServiceLauncher.url(replicaPort(s, r));
                if (r > 1 && ManagedProcess.find(replicaName(s, r), runDir).isEmpty()) {
                    continue; // only the replicas that run
                }
                allUp &= line(replicaName(s, r), () -> Probes.httpOk(url + PlatformService.READINESS_PATH), url);
            }
        }
        return allUp;
    }

    /** True when this node answers on its own operator listener. */
    private boolean nodeReady(KafkaBroker.Cluster cluster, KafkaBroker.Node node) {
        try {
            Map<String, Object> client =
                    new java.util.HashMap<>(security(cluster).operatorClient());
            client.put("bootstrap.servers", "127.0.0.1:" + node.operatorPort());
            return KafkaBroker.isReady(client);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean kafkaReady() {
        try {
            return KafkaBroker.isReady(security(cluster(null)).operatorClient());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean line(String name, java.util.function.BooleanSupplier ready, String address) {
        Optional<ManagedProcess> p = ManagedProcess.find(name, runDir);
        String state = p.isEmpty() ? "stopped" : ready.getAsBoolean() ? "ready" : "starting";
        out.printf(
                "%-12s %-8s %-8s %-8s %s%n",
                name,
                state,
                p.map(m -> Long.toString(m.handle().pid())).orElse("-"),
                p.map(m -> Long.toString(m.rssMiB())).orElse("-"),
                address);
        return "ready".equals(state);
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
