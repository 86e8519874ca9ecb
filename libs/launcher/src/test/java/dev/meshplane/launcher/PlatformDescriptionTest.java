package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PlatformService} is the one description of each service; compose and the README repeat its port, heap and
 * service account for their readers, so this test fails the build when they drift from it.
 */
class PlatformDescriptionTest {

    private static final Path ROOT =
            Path.of(System.getProperty("meshplane.root", "../..")).toAbsolutePath();
    private static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.yaml");
    private static final Pattern MEM_LIMIT = Pattern.compile("mem_limit: (\\d+)([mg])");

    /**
     * Two replicas of each service: the first publishes the service's port, the second 1000 above it (as {@code
     * deploy/local/platform up --replicas} places them); both run the image built from the service's own build context
     * with the service's port, heap and service account, and a memory limit above the heap.
     */
    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void composeRunsTwoReplicasOfEachServiceOnItsPortWithItsHeap(PlatformService service) throws IOException {
        List<String> compose = Files.readAllLines(COMPOSE);
        String name = service.serviceName();
        int port = service.port();
        String first = block(compose, "  " + name + "-1:");
        String second = block(compose, "  " + name + "-2:");

        assertThat(first).contains("image: meshplane/" + name + ":local", "context: target/context/" + name);
        assertThat(second).contains("image: meshplane/" + name + ":local");
        assertThat(first).contains("ports: [\"" + port + ":" + port + "\"]");
        assertThat(second).contains("ports: [\"" + (port + 1000) + ":" + port + "\"]");
        assertThat(first).contains("hostname: " + name + "-1");
        assertThat(second).contains("hostname: " + name + "-2");

        // the first replica's environment is an anchor the second one reuses
        assertThat(first).contains("environment: &" + name + "-env");
        assertThat(second).contains("environment: *" + name + "-env");
        assertThat(first)
                .as("port, heap and service account of %s in compose", service)
                .containsPattern("\\n\\s+HTTP_PORT: " + port + "\\n")
                .containsPattern("\\n\\s+JAVA_HEAP: " + service.heap() + "\\b")
                .containsPattern("\\n\\s+MESHPLANE_KAFKA_CLIENT_ID: " + service.clientId() + "\\n");
        if (!service.jvmOptions().isEmpty()) {
            assertThat(first)
                    .as("JVM options of %s in compose", service)
                    .contains("\n      JVM_OPTIONS: " + String.join(" ", service.jvmOptions()) + "\n");
        }
        for (String replica : List.of(first, second)) {
            assertThat(megabytes(replica))
                    .as("mem_limit of %s above its heap", service)
                    .isGreaterThan(megabytes("mem_limit: " + service.heap()));
        }
    }

    /** Every replica is healthy only when the service's readiness check says so; its image holds the built app. */
    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void composeBuildsEachServiceFromItsBuildAndWaitsForItsReadiness(PlatformService service) throws IOException {
        List<String> compose = Files.readAllLines(COMPOSE);
        assertThat(block(compose, "x-service: &service"))
                .contains("test: [\"CMD\", \"http\", \"ok\", \"" + PlatformService.READINESS_PATH + "\"]")
                .contains("condition: service_healthy", "init: true");
        String platform = Files.readString(ROOT.resolve("deploy/compose/platform"));
        Matcher staged = Pattern.compile("services=\\(([^)]*)\\)").matcher(platform);
        assertThat(staged.find())
                .as("deploy/compose/platform lists the services it stages")
                .isTrue();
        assertThat(List.of(staged.group(1).split(" "))).contains(service.serviceName());
        assertThat(platform).contains("\"$root/services/$s/target/quarkus-app\"");
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void theReadmeListsEachServiceOnItsPort(PlatformService service) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme)
                .contains("| " + service.serviceName() + " | `" + ServiceLauncher.url(service.port()) + "` |");
    }

    /** The first {@code mem_limit} (or heap written the same way) in {@code text}, in MiB. */
    private static long megabytes(String text) {
        Matcher m = MEM_LIMIT.matcher(text);
        assertThat(m.find()).as("a mem_limit in %s", text).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("g") ? n * 1024 : n;
    }

    /** The lines from {@code header} to the next line indented no deeper than it. */
    private static String block(List<String> lines, String header) {
        int start = lines.indexOf(header);
        assertThat(start).as("compose has %s", header.trim()).isNotNegative();
        int indent = header.length() - header.stripLeading().length();
        StringBuilder block = new StringBuilder("\n");
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && line.length() - line.stripLeading().length() <= indent) {
                break;
            }
            block.append(line).append('\n');
        }
        return block.toString();
    }
}
