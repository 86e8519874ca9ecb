package dev.meshplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path runDir;

    @Test
    void aZombieOrDeadProcessHasEndedWhateverItsNameHolds() {
        assertThat(ManagedProcess.isEnded("4242 (java) Z 1 4242 4242 0 -1 4194564 0 0 0 0"))
                .isTrue();
        assertThat(ManagedProcess.isEnded("4242 (java) X 1 4242 4242 0 -1")).isTrue();
        assertThat(ManagedProcess.isEnded("4242 (java) S 1 4242 4242 0 -1")).isFalse();
        assertThat(ManagedProcess.isEnded("4242 (java) R 1 4242 4242 0 -1")).isFalse();
        // the command name is free text: only what follows its closing parenthesis is the state
        assertThat(ManagedProcess.isEnded("4242 (a) Z (b) S 1 4242")).isFalse();
        assertThat(ManagedProcess.isEnded("4242 (Z) S 1 4242")).isFalse();
    }

    @Test
    void aLiveProcessIsFound() throws IOException {
        ManagedProcess sleeper = ManagedProcess.start("sleeper", List.of("sleep", "30"), runDir, runDir);
        try {
            assertThat(ManagedProcess.find("sleeper", runDir))
                    .map(p -> p.handle().pid())
                    .contains(sleeper.handle().pid());
        } finally {
            sleeper.stop(Duration.ofSeconds(5));
        }
    }

    /**
     * A shell starts a child and replaces itself with a process that never reaps it: the child, once ended, stays a
     * zombie, as a kill -9'd platform part does until its parent collects it. The child outlives the shell's own
     * last moments (one second): a child that ended before the exec could be reaped by the shell itself.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aZombieIsNotRunningAndItsPidFileIsRemoved() throws IOException {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
        try {
            long zombie;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
                zombie = Long.parseLong(out.readLine().trim());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ManagedProcess.isZombie(zombie));
            // still in the process table, and the JDK calls it alive: what made platform up say "already running"
            assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).contains(true);
            Path pidFile = runDir.resolve("kafka.pid");
            Files.writeString(pidFile, Long.toString(zombie));

            assertThat(ManagedProcess.find("kafka", runDir)).isEmpty();
            assertThat(pidFile).doesNotExist();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aPidFileOfAnEndedProcessIsStaleAndRemoved() throws IOException, InterruptedException {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path pidFile = runDir.resolve("registry.pid");
        Files.writeString(pidFile, Long.toString(ended.pid()));

        assertThat(ManagedProcess.find("registry", runDir)).isEmpty();
        assertThat(pidFile).doesNotExist();
    }
}
