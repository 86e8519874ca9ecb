package dev.meshplane.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.meshplane.client.PlatformUnreachableException;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.descriptor.Problem;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh publish}: one publication request on Kafka, and governance's answer. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Publish a data product: governance answers accepted or rejected with every violation."
                + " Exit 0 accepted, 1 rejected (or invalid), 2 could not publish.")
final class PublishCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DescriptorFile descriptor;

    @Mixin
    PlatformOptions platform;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            description = "Seconds to wait for the decision (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--no-wait", description = "Send the request and return without waiting for the decision.")
    boolean noWait;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    ValidateCommand.Output output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ValidDescriptor loaded = ValidDescriptor.load(descriptor.path, "publish", "nothing was published", err);
        if (loaded.product() == null) {
            return loaded.exitCode();
        }
        DataProduct product = loaded.product();
        ParsedDescriptor parsed = loaded.parsed();
        try (PublicationClient client = new PublicationClient(platform.bootstrap, platform.registry)) {
            // Stamped once connected: requestedAt feeds the catalog's publication velocity, not the CLI's start-up.
            PublicationRequested request =
                    PublicationClient.request(product, System.getProperty("user.name"), descriptor.path.toString());
            if (noWait) {
                client.send(request);
                out.println("sent publication request " + request.getRequestId() + " for " + product.id());
                return MeshCli.OK;
            }
            client.positionAtEnd();
            long t0 = System.nanoTime();
            client.send(request);
            Optional<PolicyDecided> decision =
                    client.awaitDecision(request.getRequestId(), Duration.ofSeconds(timeoutSeconds));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (decision.isEmpty()) {
                err.println("mesh publish: no decision for request " + request.getRequestId() + " within "
                        + timeoutSeconds + " s: is the governance service running? (deploy/local/platform status)");
                return MeshCli.USAGE;
            }
            print(decision.get(), parsed, millis, out);
            return decision.get().getOutcome() == DecisionOutcome.ACCEPTED ? MeshCli.OK : MeshCli.INVALID;
        } catch (PlatformUnreachableException e) {
            err.println("mesh publish: could not publish: " + e.getMessage());
            return MeshCli.USAGE;
        }
    }

    private static String version(PolicyDecided d) {
        return d.getVersion() == null ? "(no version)" : d.getVersion();
    }

    private void print(PolicyDecided d, ParsedDescriptor parsed, long millis, PrintWriter out) {
        if (output == ValidateCommand.Output.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requestId", d.getRequestId());
            m.put("product", d.getProductId());
            m.put("version", d.getVersion());
            m.put("outcome", d.getOutcome().name());
            m.put("outputTopic", d.getOutputTopic());
            m.put("schemaGlobalId", d.getSchemaGlobalId());
            m.put("millis", millis);
            List<Object> vs = new ArrayList<>();
            for (PolicyViolation v : d.getViolations()) {
                vs.add(Map.of(
                        "policy",
                        v.getPolicyId(),
                        "severity",
                        v.getSeverity().name().toLowerCase(),
                        "path",
                        v.getPath(),
                        "message",
                        v.getMessage()));
            }
            m.put("violations", vs);
            out.println(Json.write(m));
            return;
        }
        for (PolicyViolation v : d.getViolations()) {
            Problem at = parsed.problemAt(v.getPath(), v.getMessage());
            String tag = "[" + v.getSeverity().name().toLowerCase() + " " + v.getPolicyId() + "] ";
            out.println(new Problem(at.source(), at.line(), at.column(), v.getPath(), tag + v.getMessage()).format());
        }
        if (d.getOutcome() == DecisionOutcome.ACCEPTED) {
            out.printf(
                    "%s %s ACCEPTED, decided %d ms after sending: output topic %s, schema id %s%n",
                    d.getProductId(), version(d), millis, d.getOutputTopic(), d.getSchemaGlobalId());
        } else {
            long errors = d.getViolations().stream()
                    .filter(v -> v.getSeverity().name().equals("ERROR"))
                    .count();
            out.printf(
                    "%s %s REJECTED, decided %d ms after sending: %d violation(s) to fix, listed above%n",
                    d.getProductId(), version(d), millis, errors);
        }
    }
}
