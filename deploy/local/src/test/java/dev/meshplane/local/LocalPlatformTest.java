package dev.meshplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part names up and stop take; nothing here starts a process. */
class LocalPlatformTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private LocalPlatform platform() {
        return new LocalPlatform(root, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void kafkaAndTheRegistryArePartsLikeTheServices() {
        assertThat(LocalPlatform.parts())
                .containsExactly("kafka", "registry", "governance", "catalog", "quality", "freshness");
    }

    @Test
    void stoppingKafkaOrTheRegistryByNameWorksWhenTheyAreNotRunning() {
        platform().stop(List.of("kafka", "registry"));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("kafka      not running")
                .contains("registry   not running");
    }

    @Test
    void anUnknownPartIsRefusedBeforeAnythingStartsOrStops() {
        assertThatThrownBy(() -> platform().up(List.of("quality", "kafak")))
                .hasMessageContaining("unknown part kafak")
                .hasMessageContaining("kafka, registry, governance");
        assertThatThrownBy(() -> platform().stop(List.of("kafak"))).hasMessageContaining("unknown part kafak");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void stopNeedsAPart() {
        assertThatThrownBy(() -> platform().stop(List.of())).hasMessageContaining("name the parts to stop");
    }
}
