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
 * {@link PlatformService} is the one description of each service; compose and the README repeat its port and heap
 * for their readers, so this test fails the build when they drift from it.
 */
class PlatformDescriptionTest {

    private static final Path ROOT =
            Path.of(System.getProperty("meshplane.root", "../..")).toAbsolutePath();
    private static final Pattern HEAP = Pattern.compile("-Xmx(\\w+)");

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void composeRunsEachServiceOnItsPortWithItsHeap(PlatformService service) throws IOException {
        List<String> compose = Files.readAllLines(ROOT.resolve("deploy/compose/docker-compose.yml"));
        String block = block(compose, "  " + service.serviceName() + ":");
        assertThat(block).contains("ports: [\"" + service.port() + ":" + service.port() + "\"]");
        assertThat(block).contains("services/" + service.serviceName() + "/target/quarkus-app");
        Matcher heap = HEAP.matcher(block);
        String composeHeap = heap.find() ? heap.group(1) : defaultHeap(compose);
        assertThat(composeHeap).as("heap of %s in compose", service).isEqualTo(service.heap());
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void theReadmeListsEachServiceOnItsPort(PlatformService service) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme)
                .contains("| " + service.serviceName() + " | `" + ServiceLauncher.url(service.port()) + "` |");
    }

    /** The heap of the shared service template ({@code x-service}), for services that do not set their own. */
    private static String defaultHeap(List<String> compose) {
        Matcher heap = HEAP.matcher(block(compose, "x-service: &service"));
        assertThat(heap.find()).as("x-service sets a heap").isTrue();
        return heap.group(1);
    }

    /** The lines from {@code header} to the next line indented no deeper than it. */
    private static String block(List<String> lines, String header) {
        int start = lines.indexOf(header);
        assertThat(start).as("compose has %s", header.trim()).isNotNegative();
        int indent = header.length() - header.stripLeading().length();
        StringBuilder block = new StringBuilder();
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
