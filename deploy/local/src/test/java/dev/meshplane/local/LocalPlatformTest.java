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

import dev.meshplane.launcher.KafkaBroker;
import dev.meshplane.launcher.Keycloak;
import dev.meshplane.launcher.PlatformService;

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
                .containsExactly(
                        "identity",
                        "kafka",
                        "registry",
                        "inbox",
                        "governance",
                        "catalog",
                        "quality",
                        "freshness",
                        "alerting");
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
                .hasMessageContaining("identity, kafka, registry, inbox, governance");
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
    void threeBrokersListenTenPortsApartAndReplicateThreeTimesWithTwoInSync() throws IOException {
        KafkaBroker.Cluster cluster = platform().cluster(3);

        assertThat(cluster.bootstrap()).isEqualTo("127.0.0.1:9092,127.0.0.1:9102,127.0.0.1:9112");
        assertThat(cluster.operatorBootstrap()).isEqualTo("127.0.0.1:9094,127.0.0.1:9104,127.0.0.1:9114");
        assertThat(cluster.replicationFactor()).isEqualTo(3);
        assertThat(cluster.minInsyncReplicas()).isEqualTo(2);
        assertThat(cluster.processName(cluster.nodes().get(1))).isEqualTo("kafka-2");
        assertThat(platform().cluster(null).nodes())
                .as("nothing kept yet: one broker")
                .hasSize(1);
        assertThat(platform()
                        .cluster(null)
                        .processName(platform().cluster(null).nodes().get(0)))
                .isEqualTo("kafka");
        assertThat(platform().cluster(null).replicationFactor()).isEqualTo(1);
    }

    @Test
    void theClusterSizeIsKeptWithTheDataAndAnotherSizeIsRefused() throws IOException {
        LocalPlatform platform = platform();
        platform.keep(platform.cluster(3));

        assertThat(platform.cluster(null).nodes()).hasSize(3);
        assertThat(platform.cluster(3).id()).isEqualTo(platform.cluster(null).id());
        assertThatThrownBy(() -> platform.cluster(1))
                .hasMessageContaining("is a 3-broker cluster")
                .hasMessageContaining("remove " + root.resolve(".mesh"));
    }

    @Test
    void aBadBrokerCountIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> platform().up(List.of("--brokers", "three")))
                .hasMessageContaining("--brokers takes a number of brokers from 1 to 10, not 'three'");
        assertThatThrownBy(() -> platform().up(List.of("--brokers", "0"))).hasMessageContaining("not '0'");
        assertThatThrownBy(() -> platform().up(List.of("--brokers"))).hasMessageContaining("not ''");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void oneBrokerOfAClusterIsAPartToStop() {
        platform().stop(List.of("kafka-2"));

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("kafka-2    not running");
        assertThatThrownBy(() -> platform().stop(List.of("kafka-11"))).hasMessageContaining("unknown part kafka-11");
    }

    @Test
    void replicasAreCountedPerServiceAndListenAThousandPortsApart() {
        assertThat(LocalPlatform.replicas("quality=2, freshness=3"))
                .containsEntry(PlatformService.QUALITY, 2)
                .containsEntry(PlatformService.FRESHNESS, 3)
                .hasSize(2);
        assertThat(LocalPlatform.replicaPort(PlatformService.QUALITY, 1)).isEqualTo(8082);
        assertThat(LocalPlatform.replicaPort(PlatformService.QUALITY, 2)).isEqualTo(9082);
        assertThat(LocalPlatform.replicaName(PlatformService.QUALITY, 1)).isEqualTo("quality");
        assertThat(LocalPlatform.replicaName(PlatformService.QUALITY, 2)).isEqualTo("quality-2");
    }

    @Test
    void badReplicaCountsAndOptionsAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> platform().up(List.of("--replicas", "qualty=2")))
                .hasMessageContaining("--replicas takes SERVICE=N,...")
                .hasMessageContaining("not 'qualty=2'");
        assertThatThrownBy(() -> platform().up(List.of("--replicas", "quality=9")))
                .hasMessageContaining("from 1 to 4");
        assertThatThrownBy(() -> platform().up(List.of("--replicas", "quality")))
                .hasMessageContaining("not 'quality'");
        assertThatThrownBy(() -> platform().up(List.of("--replica", "quality=2")))
                .hasMessageContaining("unknown option --replica");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void oneReplicaOfAServiceIsAPartToStop() {
        platform().stop(List.of("quality-2"));

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("quality-2  not running");
        assertThatThrownBy(() -> platform().stop(List.of("quality-5"))).hasMessageContaining("unknown part quality-5");
        assertThatThrownBy(() -> platform().stop(List.of("nothing-2"))).hasMessageContaining("unknown part nothing-2");
    }

    @Test
    void stopNeedsAPart() {
        assertThatThrownBy(() -> platform().stop(List.of())).hasMessageContaining("name the parts to stop");
    }
}
