package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.PlatformUnreachableException;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.Durations;
import dev.meshplane.pipeline.PipelineException;
import dev.meshplane.pipeline.PipelineRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh run}: a published product's pipeline, once or on a schedule. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a published product's pipeline: the source's rows since the last run into its output"
                + " topic, with a quality result, a freshness signal and the new watermark in the same transaction."
                + " Exit 0 done, 1 the run failed (nothing of it is visible), 2 could not start."
                + " With --every, a failure that can pass by itself (the database or the broker did not answer,"
                + " another run took over) is tried again, waiting twice as long after each failure in a row (up to"
                + " an hour, never less than the schedule); any other failure repeats until something is fixed, so it"
                + " stops the schedule with its exit code.")
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DescriptorFile descriptor;

    @Mixin
    PlatformOptions platform;

    @Mixin
    IdentityOptions identity;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Where the first run starts (ISO instant or date) when the product has no watermark yet"
                    + " (default: the beginning).")
    String since;

    @Option(
            names = "--every",
            paramLabel = "DURATION",
            description = "Keep running on this schedule, e.g. 15m; at least 1s (default: run once).")
    String every;

    @Option(
            names = "--fetch-size",
            defaultValue = "1000",
            description = "Rows fetched from the database at a time (default: ${DEFAULT-VALUE}).")
    int fetchSize;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant start;
        Duration interval;
        try {
            start = since == null ? null : parseTime(since);
            interval = every == null ? null : parseEvery(every);
        } catch (IllegalArgumentException e) {
            err.println("mesh run: " + e.getMessage() + "; nothing was run");
            return MeshCli.USAGE;
        }
        ValidDescriptor loaded = ValidDescriptor.load(descriptor.path, "run", "nothing was run", err);
        if (loaded.product() == null) {
            return loaded.exitCode();
        }
        DataProduct product = loaded.product();
        KafkaAuth auth;
        try {
            auth = platform.kafkaAuth(Session.open(identity.issuer));
        } catch (LoginException e) {
            err.println("mesh run: " + e.getMessage() + "; nothing was run");
            return MeshCli.USAGE;
        }
        boolean terminal = System.console() != null;
        PipelineRun.Options options = new PipelineRun.Options(
                platform.bootstrap,
                platform.registry,
                start,
                fetchSize,
                System::getenv,
                descriptor.path.toAbsolutePath().getParent(),
                p -> {
                    if (terminal) {
                        out.printf(
                                "\r%,d rows  %,.0f rows/s   ",
                                p.rows(), p.rows() / Math.max(0.001, p.elapsed().toMillis() / 1000.0));
                        out.flush();
                    }
                },
                warning -> {
                    err.println("mesh run: " + warning);
                    err.flush();
                },
                auth);
        int failuresInARow = 0;
        while (true) {
            Outcome outcome = runOnce(product, options, out, err, terminal);
            if (interval == null) {
                return outcome.exitCode;
            }
            if (outcome == Outcome.FAILED || outcome == Outcome.NOT_STARTED) {
                err.println("mesh run: stopping the schedule: this failure repeats until the descriptor, the"
                        + " environment, the source or the platform is fixed");
                return outcome.exitCode;
            }
            failuresInARow = outcome == Outcome.RETRYABLE ? failuresInARow + 1 : 0;
            Duration wait = nextWait(interval, failuresInARow);
            out.printf(
                    "next run in %s (at %s)%s; Ctrl-C to stop%n",
                    failuresInARow == 0 ? every : written(wait),
                    Instant.now().plus(wait),
                    failuresInARow == 0 ? "" : ", " + failuresInARow + " failure(s) in a row");
            out.flush();
            Thread.sleep(wait.toMillis());
        }
    }

    /** How a run ended, and the exit code it gives. */
    enum Outcome {
        DONE(MeshCli.OK),
        /** Failed, and may pass by itself: a schedule tries again. */
        RETRYABLE(MeshCli.INVALID),
        /** Failed, and fails the same way until someone fixes something. */
        FAILED(MeshCli.INVALID),
        /** Could not start (the platform is not there). */
        NOT_STARTED(MeshCli.USAGE);

        final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The longest wait between two tries while failures go on. */
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** The schedule, doubled for each failure in a row, capped at an hour (or the schedule, if that is longer). */
    static Duration nextWait(Duration interval, int failuresInARow) {
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        Duration wait = interval;
        for (int i = 0; i < failuresInARow && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /** A wait as --every is written: 2h, 30m, 8s. */
    static String written(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    static Duration parseEvery(String text) {
        Duration d = Durations.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("--every " + text + ": " + Durations.hint()));
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--every " + text
                    + ": the schedule must be at least 1s (e.g. 30s, 15m); leave --every out to run once");
        }
        return d;
    }

    private static Outcome runOnce(
            DataProduct product, PipelineRun.Options options, PrintWriter out, PrintWriter err, boolean terminal) {
        try {
            PipelineRun.Summary s = PipelineRun.run(product, options);
            if (terminal) {
                out.print("\r");
            }
            out.printf(
                    "%s: %,d rows into %s in %.1f s (%,.0f rows/s), run %s%n",
                    s.productId(),
                    s.rows(),
                    s.outputTopic(),
                    s.duration().toMillis() / 1000.0,
                    s.rows() / Math.max(0.001, s.duration().toMillis() / 1000.0),
                    s.runId());
            out.printf(
                    "  watermark  %s -> %s (the next run reads what changed after it)%n",
                    s.lastRunBefore(), s.watermark());
            out.printf("  freshness  data current as of %s%n", s.dataUpdatedAt());
            StringBuilder nulls = new StringBuilder();
            for (Map.Entry<String, Long> e : s.nulls().entrySet()) {
                if (e.getValue() > 0) {
                    nulls.append(nulls.length() == 0 ? "" : ", ")
                            .append(e.getKey())
                            .append(' ')
                            .append(e.getValue());
                }
            }
            out.printf("  nulls      %s%n", nulls.length() == 0 ? "none" : nulls);
            out.printf("  checks     %s%n", s.checks().isEmpty() ? "none declared" : String.join("; ", s.checks()));
            out.flush();
            return Outcome.DONE;
        } catch (PlatformUnreachableException e) {
            err.println("mesh run: " + e.getMessage());
            return Outcome.NOT_STARTED;
        } catch (PipelineException e) {
            if (terminal) {
                out.print("\r");
                out.flush();
            }
            err.println("mesh run: " + product.id() + ": " + e.getMessage());
            err.println("mesh run: nothing of this run is visible; the watermark is unchanged");
            return e.retryable() ? Outcome.RETRYABLE : Outcome.FAILED;
        }
    }

    static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(
                        "--since " + text + ": write an ISO instant (2026-11-24T10:00:00Z) or a date (2026-11-24)");
            }
        }
    }
}
