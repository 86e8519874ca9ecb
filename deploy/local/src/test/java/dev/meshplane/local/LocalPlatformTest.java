package dev.meshplane.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.meshplane.launcher.Keycloak;

/** The part names up and stop take, and the README's ports; nothing here starts a process. */
class LocalPlatformTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private LocalPlatform platform() {
        return new LocalPlatform(root, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void theIdentityProviderKafkaAndTheRegistryArePartsLikeTheServicesAndTheIdentityProviderStartsFirst() {
        assertThat(LocalPlatform.parts())
                .containsExactly("identity", "kafka", "registry", "governance", "catalog", "quality", "freshness");
    }

    @Test
    void stoppingTheIdentityProviderKafkaOrTheRegistryByNameWorksWhenTheyAreNotRunning() {
        platform().stop(List.of("identity", "kafka", "registry"));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("identity   not running")
                .contains("kafka      not running")
                .contains("registry   not running");
    }

    @Test
    void anUnknownPartIsRefusedBeforeAnythingStartsOrStops() {
        assertThatThrownBy(() -> platform().up(List.of("quality", "kafak")))
                .hasMessageContaining("unknown part kafak")
                .hasMessageContaining("identity, kafka, registry, governance");
        assertThatThrownBy(() -> platform().stop(List.of("kafak"))).hasMessageContaining("unknown part kafak");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theReadmeListsTheIdentityProviderOnItsPorts() throws IOException {
        Path repository = Path.of(System.getProperty("meshplane.root", "../..")).toAbsolutePath();
        String readme = Files.readString(repository.resolve("README.md"));

        assertThat(readme)
                .contains("(management on " + LocalPlatform.IDENTITY_MANAGEMENT_PORT + ") | `"
                        + Keycloak.issuer(LocalPlatform.IDENTITY_PORT) + "` |");
    }

    @Test
    void stopNeedsAPart() {
        assertThatThrownBy(() -> platform().stop(List.of())).hasMessageContaining("name the parts to stop");
    }
}
