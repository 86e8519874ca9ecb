package dev.meshplane.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A platform process started from a command line, with its output in a log file and its pid in a pid file, so
 * {@code stop} and {@code status} work from another invocation of the launcher than the one that started it.
 */
public record ManagedProcess(String name, ProcessHandle handle, Path logFile) {

    /** For files holding a secret (a broker configuration with the operator's password): rw for the owner only. */
    public static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    public static ManagedProcess start(String name, List<String> command, Path workDir, Path runDir)
            throws IOException {
        return start(name, command, Map.of(), workDir, runDir);
    }

    /**
     * Like {@link #start(String, List, Path, Path)}, with {@code environment} added to the environment the launcher
     * itself runs in (a secret the command line would show to {@code ps}, for instance).
     */
    public static ManagedProcess start(
            String name, List<String> command, Map<String, String> environment, Path workDir, Path runDir)
            throws IOException {
        return adopt(name, launch(name, command, environment, workDir, runDir), runDir);
    }

    /**
     * Starts the command with its output appended to {@code <runDir>/<name>.log} and its pid in {@code
     * <runDir>/<name>.pid}, and returns the {@link Process} itself, for a caller that needs its exit code.
     */
    static Process launch(String name, List<String> command, Map<String, String> environment, Path workDir, Path runDir)
            throws IOException {
        Files.createDirectories(runDir);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(logFile(name, runDir).toFile()));
        pb.environment().putAll(environment);
        Process process = pb.start();
        Files.writeString(runDir.resolve(name + ".pid"), Long.toString(process.pid()));
        return process;
    }

    /** The managed view of a process {@link #launch} started. */
    static ManagedProcess adopt(String name, Process process, Path runDir) {
        return new ManagedProcess(name, process.toHandle(), logFile(name, runDir));
    }

    static Path logFile(String name, Path runDir) {
        return runDir.resolve(name + ".log");
    }

    /**
     * The process a previous launcher started, if its pid file names a running process. A process killed with
     * {@code kill -9} stays in the process table as a zombie until its parent reaps it, and {@link
     * ProcessHandle#isAlive()} still says true for it: it is not running for us, and its pid file is removed, so
     * {@code up} starts the part again at once.
     */
    public static Optional<ManagedProcess> find(String name, Path runDir) {
        Path pidFile = runDir.resolve(name + ".pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> running =
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> !isZombie(h.pid()));
        if (running.isEmpty()) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // read-only run directory: the next find decides the same way
            }
        }
        return running.map(h -> new ManagedProcess(name, h, logFile(name, runDir)));
    }

    /** True when /proc says the process has ended and waits to be reaped; false where there is no /proc. */
    static boolean isZombie(long pid) {
        try {
            return isEnded(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return false; // not Linux, or it was reaped just now (then isAlive says so next time)
        }
    }

    /**
     * The state field of a {@code /proc/<pid>/stat} line is {@code Z} (zombie) or {@code X} (dead). It follows the
     * command name, which is in parentheses and may itself hold spaces and parentheses, so it is found after the last
     * {@code ')'}.
     */
    static boolean isEnded(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            return false;
        }
        String rest = statLine.substring(close + 1).trim();
        if (rest.isEmpty()) {
            return false;
        }
        char state = rest.charAt(0);
        return state == 'Z' || state == 'X';
    }

    /** Waits until {@code ready} holds, failing early with the log's tail if the process dies. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!handle.isAlive()) {
                throw new IllegalStateException(
                        name + " exited during start-up; last lines of " + logFile + ":\n" + tail(logFile, 25));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds() + " s; see "
                + logFile + ":\n" + tailWithoutHealthPolls(logFile, 25));
    }

    /**
     * The last lines but SmallRye Health's "Reporting health down status" (SRHCK01001), which a service writes at every
     * readiness poll while it is not ready and which would fill the tail, hiding why.
     */
    static String tailWithoutHealthPolls(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file).stream()
                    .filter(l -> !l.contains("SRHCK01001"))
                    .toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within {@code grace}. */
    public void stop(Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    /** Resident memory in MiB from /proc, or -1 where that is not available. */
    public long rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process just ended
        }
        return -1;
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
