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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.resource.PatternType;

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
 * {@code deploy/local/platform up [PART...]|down|status|stop PART...}: the whole platform on one machine, no Docker.
 * A part is {@code identity} (Keycloak), {@code kafka}, {@code registry} or a service. Data lives under {@code .mesh/}
 * at the repository root; each part is waited for until it answers.
 */
public final class LocalPlatform {

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    /** The broker's operator listener (SASL PLAIN, the bootstrapping super user only): {@link BrokerSecurity}. */
    public static final int KAFKA_OPERATOR_PORT = 9094;

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
                            "usage: platform up [PART...]|down|status|stop PART...|acls [PRINCIPAL-PREFIX] (parts: "
                                    + parts() + ")");
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
        List<String> names = new ArrayList<>(List.of(IDENTITY, KAFKA, REGISTRY));
        PlatformService.all().forEach(s -> names.add(s.serviceName()));
        return names;
    }

    /** @throws IllegalStateException naming the first unknown part and listing the known ones */
    static void checkParts(List<String> names) {
        for (String name : names) {
            if (!parts().contains(name)) {
                throw new IllegalStateException("unknown part " + name + "; the parts are " + parts());
            }
        }
    }

    /**
     * Starts the named parts (all of them when none is named). A service needs the broker and the registry, so
     * naming one starts those too; naming only {@code identity}, {@code kafka} or {@code registry} starts just that
     * part. The identity provider comes first: the parts that will check tokens need it up when they start.
     */
    void up(List<String> only) throws IOException {
        checkParts(only);
        boolean services = only.isEmpty()
                || only.stream().anyMatch(n -> PlatformService.named(n).isPresent());
        boolean kafka = services || only.contains(KAFKA);
        // the broker validates every client's token against the provider's keys, which it fetches at start
        boolean identity = only.isEmpty() || only.contains(IDENTITY) || kafka;
        boolean registry = services || only.contains(REGISTRY);
        String bootstrap = "127.0.0.1:" + KAFKA_PORT;
        long t0 = System.nanoTime();
        if (identity) {
            startIdentity();
        }
        if (kafka) {
            startKafka(bootstrap);
        }
        if (registry) {
            startRegistry();
        }
        for (PlatformService service : PlatformService.all()) {
            if (only.isEmpty() || only.contains(service.serviceName())) {
                startService(service, bootstrap);
            }
        }
        out.printf(
                "platform up in %.1f s; data under %s; stop with deploy/local/platform down%n", secondsSince(t0), home);
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

    private void startKafka(String bootstrap) throws IOException {
        long t = System.nanoTime();
        BrokerSecurity security = security();
        if (ManagedProcess.find(KAFKA, runDir).isEmpty()) {
            ManagedProcess kafka = KafkaBroker.start(
                    dist, home.resolve("kafka"), runDir, KAFKA_PORT, KAFKA_CONTROLLER_PORT, "512m", "INFO", security);
            kafka.awaitReady(() -> KafkaBroker.isReady(security.operatorClient()), KafkaBroker.readyTimeout());
            out.printf("kafka      ready in %5.1f s  %s (SASL OAUTHBEARER, ACLs)%n", secondsSince(t), bootstrap);
        } else {
            out.printf("kafka      already running  %s%n", bootstrap);
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
    private BrokerSecurity security() throws IOException {
        Path file = home.resolve("kafka/operator-password");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.createFile(file, ManagedProcess.OWNER_ONLY);
            Files.writeString(file, BrokerSecurity.randomPassword());
        }
        return new BrokerSecurity(
                Keycloak.issuer(IDENTITY_PORT),
                KAFKA_OPERATOR_PORT,
                Files.readString(file).trim());
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

    private void startService(PlatformService service, String bootstrap) throws IOException {
        String name = service.serviceName();
        Path jar = service.jar(root);
        if (!Files.isRegularFile(jar)) {
            out.printf("%-10s not built (%s missing): run ./mvnw -DskipTests install%n", name, root.relativize(jar));
            return;
        }
        if (ManagedProcess.find(name, runDir).isPresent()) {
            out.printf("%-10s already running  %s%n", name, ServiceLauncher.url(service.port()));
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
        ServiceLauncher.start(
                service,
                jar,
                name,
                service.port(),
                bootstrap,
                ApicurioRegistry.apiUrl(REGISTRY_PORT),
                properties,
                runDir,
                security(),
                Keycloak.localSecret(service.clientId()));
        out.printf("%-10s ready in %5.1f s  %s%n", name, secondsSince(t), ServiceLauncher.url(service.port()));
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
        for (String name : names) {
            Optional<ManagedProcess> process = ManagedProcess.find(name, runDir);
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
        if (ManagedProcess.find(KAFKA, runDir).isEmpty()) {
            throw new IllegalStateException("kafka is not running: deploy/local/platform up");
        }
        try (Admin admin = Admin.create(security().operatorClient())) {
            List<String> lines = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).stream()
                    .filter(b -> b.entry().principal().startsWith(principalPrefix))
                    .map(b -> String.format(
                            "%-40s %-6s %-16s %s%s",
                            b.entry().principal(),
                            b.entry().operation(),
                            b.pattern().resourceType().name().toLowerCase(),
                            b.pattern().name(),
                            b.pattern().patternType() == PatternType.PREFIXED ? "*" : ""))
                    .sorted()
                    .toList();
            lines.forEach(out::println);
            out.printf("%d ACL(s)%s%n", lines.size(), principalPrefix.isEmpty() ? "" : " of " + principalPrefix + "*");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("listing the ACLs failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    boolean status() {
        boolean allUp = true;
        out.printf("%-10s %-8s %-8s %-8s %s%n", "PART", "STATE", "PID", "RSS MiB", "ADDRESS");
        allUp &= line(IDENTITY, () -> Keycloak.isReady(IDENTITY_PORT), Keycloak.issuer(IDENTITY_PORT));
        allUp &= line(KAFKA, this::kafkaReady, "127.0.0.1:" + KAFKA_PORT);
        allUp &= line(REGISTRY, () -> ApicurioRegistry.isReady(REGISTRY_PORT), ApicurioRegistry.apiUrl(REGISTRY_PORT));
        for (PlatformService s : PlatformService.all()) {
            allUp &= line(
                    s.serviceName(),
                    () -> Probes.httpOk(ServiceLauncher.url(s.port()) + PlatformService.READINESS_PATH),
                    ServiceLauncher.url(s.port()));
        }
        return allUp;
    }

    private boolean kafkaReady() {
        try {
            return KafkaBroker.isReady(security().operatorClient());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean line(String name, java.util.function.BooleanSupplier ready, String address) {
        Optional<ManagedProcess> p = ManagedProcess.find(name, runDir);
        String state = p.isEmpty() ? "stopped" : ready.getAsBoolean() ? "ready" : "starting";
        out.printf(
                "%-10s %-8s %-8s %-8s %s%n",
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
