package dev.meshplane.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFolderTest {

    @TempDir
    Path root;

    @Test
    void aNewFolderIsMarkedAndThenKept() throws IOException {
        Path folder = root.resolve("quality");

        assertThat(StateFolder.check(folder, "cluster-a", "b:9092", 1)).isEqualTo(StateFolder.Outcome.NEW);
        Files.writeString(folder.resolve("store.sst"), "state");

        assertThat(StateFolder.check(folder, "cluster-a", "b:9092", 1)).isEqualTo(StateFolder.Outcome.KEPT);
        assertThat(folder.resolve("store.sst")).hasContent("state");
    }

    @Test
    void stateFromBeforeTheMarkerIsKeptAndMarked() throws IOException {
        Path folder = root.resolve("quality");
        Files.createDirectories(folder.resolve("meshplane-quality/0_1"));

        assertThat(StateFolder.check(folder, "cluster-a", "b:9092", 1)).isEqualTo(StateFolder.Outcome.ADOPTED);

        assertThat(folder.resolve("meshplane-quality/0_1")).isDirectory();
        assertThat(Files.readString(folder.resolve(StateFolder.MARKER))).contains("cluster.id=cluster-a");
    }

    @Test
    void anotherClustersStateIsRefusedNamingBothClustersAndBothWaysOut() throws IOException {
        Path folder = root.resolve("quality");
        StateFolder.check(folder, "cluster-a", "b:9092", 1);
        Files.writeString(folder.resolve("store.sst"), "state");

        assertThatThrownBy(() -> StateFolder.check(folder, "cluster-b", "other:9092", 1))
                .isInstanceOf(StateFolder.OtherClusterException.class)
                .hasMessageContaining("holds the state of Kafka cluster cluster-a")
                .hasMessageContaining("the brokers at other:9092 are cluster cluster-b")
                .hasMessageContaining("point kafka.bootstrap.servers at its brokers")
                .hasMessageContaining("delete " + folder);
        assertThat(folder.resolve("store.sst")).as("nothing is touched").hasContent("state");
    }

    @Test
    void anotherLayoutIsSetAsideAndTheReplicaStartsEmpty() throws IOException {
        Path folder = root.resolve("quality");
        StateFolder.check(folder, "cluster-a", "b:9092", 1);
        Files.writeString(folder.resolve("store.sst"), "old layout");

        assertThat(StateFolder.check(folder, "cluster-a", "b:9092", 2))
                .isEqualTo(StateFolder.Outcome.SET_ASIDE_OTHER_LAYOUT);

        assertThat(folder.resolve("store.sst")).doesNotExist();
        assertThat(Files.readString(folder.resolve(StateFolder.MARKER))).contains("layout=2");
        assertThat(setAside()).singleElement().satisfies(aside -> {
            assertThat(aside.getFileName().toString()).startsWith("quality.set-aside-");
            assertThat(aside.resolve("store.sst")).hasContent("old layout");
        });
    }

    @Test
    void anUnreadableMarkerIsSetAside() throws IOException {
        Path folder = root.resolve("quality");
        Files.createDirectories(folder);
        Files.write(folder.resolve(StateFolder.MARKER), new byte[] {0, (byte) 0xff, 0x13, 'x'});
        Files.writeString(folder.resolve("store.sst"), "state");

        assertThat(StateFolder.check(folder, "cluster-a", "b:9092", 1))
                .isEqualTo(StateFolder.Outcome.SET_ASIDE_UNREADABLE);

        assertThat(folder.resolve("store.sst")).doesNotExist();
        assertThat(setAside()).hasSize(1);
        assertThat(StateFolder.check(folder, "cluster-a", "b:9092", 1)).isEqualTo(StateFolder.Outcome.KEPT);
    }

    private List<Path> setAside() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().contains(".set-aside-"))
                    .toList();
        }
    }
}
