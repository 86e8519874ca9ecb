package dev.meshplane.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** The services and their fixed HTTP ports, in start order. */
    public static final List<Service> SERVICES = List.of(
            new Service("governance", 8081, "256m"),
            new Service("catalog", 8080, "1536m"),
            new Service("quality", 8082, "512m"), // up to ~175 MiB of runs kept in memory (meshplane.cached-runs)
            new Service("freshness", 8083, "256m"));

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

    /** A service, its fixed port and its heap (the catalog holds every product in memory, quality recent runs). */
    public record Service(String name, int port, String heap) {}

    public static void main(String[] args) throws IOException {
        Path root =
                Path.of(System.getProperty("mesh.root", ".")).toAbsolutePath().normalize();
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
            if (SERVICES.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalStateException("unknown service " + name + "; the services are "
                        + SERVICES.stream().map(Service::name).toList());
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
        for (Service service : SERVICES) {
            if (only.isEmpty() || only.contains(service.name())) {
                startService(service, bootstrap);
            }
        }
        out.printf(
                "platform up in %.1f s; data under %s; stop with deploy/local/platform down%n", secondsSince(t0), home);
    }

    private void startService(Service service, String bootstrap) throws IOException {
        Path jar = root.resolve("services/" + service.name() + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            out.printf(
                    "%-10s not built (%s missing): run ./mvnw -DskipTests install%n",
                    service.name(), root.relativize(jar));
            return;
        }
        if (ManagedProcess.find(service.name(), runDir).isPresent()) {
            out.printf("%-10s already running  http://127.0.0.1:%d%n", service.name(), service.port());
            return;
        }
        long t = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(
                JavaRuntimes.current().toString(),
                "-Xmx" + service.heap(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + service.port(),
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url="
                        + ApicurioRegistry.apiUrl(REGISTRY_PORT),
                "-Dmeshplane.registry-url=" + ApicurioRegistry.apiUrl(REGISTRY_PORT),
                "-Dkafka-streams.state.dir=" + home.resolve("state/" + service.name())));
        if (service.name().equals("governance")) {
            command.add("-Dmeshplane.policy-file=" + root.resolve("policies/mesh-policies.yaml"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ManagedProcess process = ManagedProcess.start(service.name(), command, root, runDir);
        process.awaitReady(() -> httpOk(service.port(), "/q/health/ready"), Duration.ofSeconds(60));
        out.printf("%-10s ready in %5.1f s  http://127.0.0.1:%d%n", service.name(), secondsSince(t), service.port());
    }

    void down() {
        List<String> names = new ArrayList<>();
        for (int i = SERVICES.size() - 1; i >= 0; i--) {
            names.add(SERVICES.get(i).name());
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
        for (Service s : SERVICES) {
            allUp &= line(s.name(), () -> httpOk(s.port(), "/q/health/ready"), "http://127.0.0.1:" + s.port());
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

    static boolean httpOk(int port, String path) {
        return Probes.httpOk("http://127.0.0.1:" + port + path);
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
