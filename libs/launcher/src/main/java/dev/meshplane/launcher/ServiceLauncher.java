package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a built platform service as a child process against a broker and a registry, and waits until it is ready.
 * The local platform (fixed ports, state under {@code .mesh/}) and the test platform (free ports, a fresh folder)
 * both start services through here, so a service runs the same way in both.
 */
public final class ServiceLauncher {

    private ServiceLauncher() {}

    /**
     * @param processName the name of its pid and log files under {@code runDir} (replicas need distinct names)
     * @param port the HTTP port; with the service it makes the replica's instance id ({@link
     *     PlatformService#instanceId}), so starting the same service on the same port again restarts that replica
     * @param properties further {@code -D} settings, e.g. the policy file or a test's short intervals
     */
    public static ManagedProcess start(
            PlatformService service,
            Path jar,
            String processName,
            int port,
            String bootstrap,
            String registryUrl,
            Map<String, String> properties,
            Path runDir)
            throws IOException {
        return start(service, jar, processName, port, bootstrap, registryUrl, properties, runDir, null, null, Map.of());
    }

    /**
     * Like {@link #start(PlatformService, Path, String, int, String, String, Map, Path)}; with {@code security} the
     * service's Kafka clients authenticate as its service account ({@link PlatformService#clientId}) with {@code
     * clientSecret}, which reaches the process through its environment only; so do {@code secrets} (e.g. the
     * variables an alert routing file's {@code ${ENV}} references name), never its command line.
     */
    public static ManagedProcess start(
            PlatformService service,
            Path jar,
            String processName,
            int port,
            String bootstrap,
            String registryUrl,
            Map<String, String> properties,
            Path runDir,
            BrokerSecurity security,
            String clientSecret,
            Map<String, String> secrets)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the service first (./mvnw -DskipTests install)");
        }
        List<String> command = new ArrayList<>(List.of(JavaRuntimes.current().toString(), "-Xmx" + service.heap()));
        command.addAll(service.jvmOptions());
        command.addAll(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dmeshplane.instance-id=" + service.instanceId(port),
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dmeshplane.registry-url=" + registryUrl,
                "-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url=" + registryUrl));
        // Two malloc arenas instead of one per thread (up to 8 per core): RocksDB and Netty allocate from many
        // threads, and every arena keeps its own free memory, which counts in the process's RSS.
        Map<String, String> environment = new HashMap<>(secrets);
        environment.put("MALLOC_ARENA_MAX", "2");
        if (security != null) {
            security.serviceClient(service.clientId()).forEach((k, v) -> command.add("-D" + k + "=" + v));
            environment.put(BrokerSecurity.CLIENT_SECRET_ENV, clientSecret);
            if (service == PlatformService.CATALOG) {
                // its client secret also logs people in to its pages (OpenID Connect code flow, as that client)
                command.add("-Dmeshplane.web.login=true");
            }
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ManagedProcess process = ManagedProcess.start(processName, command, environment, jar.getParent(), runDir);
        try {
            process.awaitReady(() -> Probes.httpOk(url(port) + PlatformService.READINESS_PATH), service.readyTimeout());
        } catch (IllegalStateException e) {
            process.stop(Duration.ofSeconds(5)); // not ready in time: leave no orphan behind
            throw e;
        }
        return process;
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }
}
