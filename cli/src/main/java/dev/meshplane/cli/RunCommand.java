package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;

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
                + " Exit 0 done, 1 the run failed (nothing of it is visible), 2 could not start.")
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DescriptorFile descriptor;

    @Mixin
    PlatformOptions platform;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Where the first run starts (ISO instant or date) when the product has no watermark yet"
                    + " (default: the beginning).")
    String since;

    @Option(
            names = "--every",
            paramLabel = "DURATION",
            description = "Keep running on this schedule, e.g. 15m (default: run once).")
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
        ValidDescriptor loaded = ValidDescriptor.load(descriptor.path, "run", "nothing was run", err);
        if (loaded.product() == null) {
            return loaded.exitCode();
        }
        Instant start;
        Duration interval;
        try {
            start = since == null ? null : parseTime(since);
            interval = every == null
                    ? null
                    : Durations.parse(every)
                            .orElseThrow(
                                    () -> new IllegalArgumentException("--every " + every + ": " + Durations.hint()));
        } catch (IllegalArgumentException e) {
            err.println("mesh run: " + e.getMessage());
            return MeshCli.USAGE;
        }
        DataProduct product = loaded.product();
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
                });
        while (true) {
            int code = runOnce(product, options, out, err, terminal);
            if (interval == null) {
                return code;
            }
            if (code == MeshCli.USAGE) {
                return code; // misconfigured: a schedule would fail the same way every time
            }
            out.printf(
                    "next run in %s (at %s); Ctrl-C to stop%n",
                    every, Instant.now().plus(interval));
            out.flush();
            Thread.sleep(interval.toMillis());
        }
    }

    private static int runOnce(
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
            return MeshCli.OK;
        } catch (PlatformUnreachableException e) {
            err.println("mesh run: " + e.getMessage());
            return MeshCli.USAGE;
        } catch (PipelineException e) {
            if (terminal) {
                out.print("\r");
                out.flush();
            }
            err.println("mesh run: " + product.id() + ": " + e.getMessage());
            err.println("mesh run: nothing of this run is visible; the watermark is unchanged");
            return MeshCli.INVALID;
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
