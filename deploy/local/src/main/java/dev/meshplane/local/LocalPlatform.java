package dev.meshplane.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.meshplane.launcher.ApicurioRegistry;
import dev.meshplane.launcher.KafkaBroker;
import dev.meshplane.launcher.ManagedProcess;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.launcher.Probes;
import dev.meshplane.launcher.ServiceLauncher;
import dev.meshplane.launcher.TopicProvisioner;
import dev.meshplane.topics.Topics;

/**
 * {@code deploy/local/platform up [SERVICE...]|down|status|stop SERVICE...}: the whole platform on one machine, no
 * Docker. Data lives under {@code .mesh/} at the repository root; each part is waited for until it answers.
 */
public final class LocalPlatform {

    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int REGISTRY_PORT = 8090;
    public static final int REGISTRY_MANAGEMENT_PORT = 8091;

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
                default -> {
                    System.err.println("usage: platform up [SERVICE...]|down|status|stop SERVICE...");
                    System.exit(2);
                }
            }
        } catch (IllegalStateException e) {
            System.err.println("platform: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Starts the broker, the registry and the named services (all of them when none is named). */
    void up(List<String> only) throws IOException {
        for (String name : only) {
            if (PlatformService.named(name).isEmpty()) {
                throw new IllegalStateException("unknown service " + name + "; the services are "
                        + PlatformService.all().stream()
                                .map(PlatformService::serviceName)
                                .toList());
            }
        }
        String bootstrap = "127.0.0.1:" + KAFKA_PORT;
        long t0 = System.nanoTime();
        if (ManagedProcess.find("kafka", runDir).isEmpty()) {
            ManagedProcess kafka = KafkaBroker.start(
                    dist, home.resolve("kafka"), runDir, KAFKA_PORT, KAFKA_CONTROLLER_PORT, "512m", "INFO");
            kafka.awaitReady(() -> KafkaBroker.isReady(bootstrap), KafkaBroker.readyTimeout());
            out.printf("kafka      ready in %5.1f s  %s%n", secondsSince(t0), bootstrap);
        } else {
            out.printf("kafka      already running  %s%n", bootstrap);
        }
        List<String> created = TopicProvisioner.createAll(bootstrap, 3);
        out.printf(
                "topics     %d created, %d in all (%s ...)%n",
                created.size(), Topics.ALL.size(), Topics.ALL.get(0).name());

        long t1 = System.nanoTime();
        if (ManagedProcess.find("registry", runDir).isEmpty()) {
            ManagedProcess registry = ApicurioRegistry.start(
                    dist, runDir, home.resolve("registry"), REGISTRY_PORT, REGISTRY_MANAGEMENT_PORT);
            registry.awaitReady(() -> ApicurioRegistry.isReady(REGISTRY_PORT), ApicurioRegistry.readyTimeout());
            out.printf("registry   ready in %5.1f s  %s%n", secondsSince(t1), ApicurioRegistry.apiUrl(REGISTRY_PORT));
        } else {
            out.printf("registry   already running  %s%n", ApicurioRegistry.apiUrl(REGISTRY_PORT));
        }
        for (PlatformService service : PlatformService.all()) {
            if (only.isEmpty() || only.contains(service.serviceName())) {
                startService(service, bootstrap);
            }
        }
        out.printf(
                "platform up in %.1f s; data under %s; stop with deploy/local/platform down%n", secondsSince(t0), home);
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
                runDir);
        out.printf("%-10s ready in %5.1f s  %s%n", name, secondsSince(t), ServiceLauncher.url(service.port()));
    }

    void down() {
        List<String> names = new ArrayList<>();
        List<PlatformService> services = PlatformService.all();
        for (int i = services.size() - 1; i >= 0; i--) {
            names.add(services.get(i).serviceName());
        }
        names.add("registry");
        names.add("kafka");
        stop(names);
    }

    /** Stops the named parts only (a service to restart, a benchmark's backlog); {@code up} starts them again. */
    void stop(List<String> names) {
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

    boolean status() {
        boolean allUp = true;
        out.printf("%-10s %-8s %-8s %-8s %s%n", "PART", "STATE", "PID", "RSS MiB", "ADDRESS");
        allUp &= line("kafka", () -> KafkaBroker.isReady("127.0.0.1:" + KAFKA_PORT), "127.0.0.1:" + KAFKA_PORT);
        allUp &=
                line("registry", () -> ApicurioRegistry.isReady(REGISTRY_PORT), ApicurioRegistry.apiUrl(REGISTRY_PORT));
        for (PlatformService s : PlatformService.all()) {
            allUp &= line(
                    s.serviceName(),
                    () -> Probes.httpOk(ServiceLauncher.url(s.port()) + PlatformService.READINESS_PATH),
                    ServiceLauncher.url(s.port()));
        }
        return allUp;
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
