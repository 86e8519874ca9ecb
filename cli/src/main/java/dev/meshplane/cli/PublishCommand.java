package dev.meshplane.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.PlatformUnreachableException;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.EnvReferences;
import dev.meshplane.descriptor.ParsedDescriptor;
import dev.meshplane.descriptor.Problem;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.policy.PolicyFileException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh publish}: one publication request on Kafka, and governance's answer. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Publish a data product: governance answers accepted or rejected with every violation."
                + " The descriptor is checked first with the policies mesh validate runs: nothing is sent while it"
                + " has an error, and never a literal connection (a secret) instead of a ${ENV} reference."
                + " The request carries the login's access token (mesh login; a pipeline: MESH_CLIENT_ID and"
                + " MESH_CLIENT_SECRET): governance accepts only members of the product's domain team."
                + " Exit 0 accepted, 1 rejected (or invalid), 2 could not publish.")
final class PublishCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DescriptorFile descriptor;

    @Mixin
    PlatformOptions platform;

    @Mixin
    IdentityOptions identity;

    @Option(
            names = "--anonymous",
            description = "Send no credential and do not authenticate to the broker. Only for a platform without"
                    + " identity (a broker without authentication, governance with meshplane.identity.required=false);"
                    + " a secured broker refuses the connection and a governance that checks identities the request.")
    boolean anonymous;

    @Option(
            names = "--change-owner-from",
            paramLabel = "OWNER",
            description = "Change the product's owner (metadata.owner) from OWNER, its current one, to the"
                    + " descriptor's: without it governance refuses a request that changes the owner.")
    String changeOwnerFrom;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            description = "Seconds to wait for the decision, at least 1 (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
            names = "--policies",
            paramLabel = "FILE",
            description =
                    "Policy file checked before sending, as mesh validate does (default: policies/mesh-policies.yaml"
                            + " of this checkout, when present).")
    Path policies;

    @Option(names = "--no-wait", description = "Send the request and return without waiting for the decision.")
    boolean noWait;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    ValidateCommand.Output output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds <= 0) {
            err.println("mesh publish: --timeout " + timeoutSeconds
                    + ": the seconds to wait for the decision must be at least 1; nothing was published");
            return MeshCli.USAGE;
        }
        ValidDescriptor loaded = ValidDescriptor.load(descriptor.path, "publish", "nothing was published", err);
        if (loaded.product() == null) {
            return loaded.exitCode();
        }
        DataProduct product = loaded.product();
        ParsedDescriptor parsed = loaded.parsed();
        int refused = checkBeforeSending(product, parsed, out, err);
        if (refused != MeshCli.OK) {
            return refused;
        }
        // Who publishes is what governance verifies: the login's access token travels with the request.
        // The broker authenticates the same login (unless --kafka-auth none).
        String credential = null;
        KafkaAuth auth;
        try {
            Session session = Session.open(identity.issuer);
            if (anonymous) {
                auth = KafkaAuth.none(); // a platform without identity: its broker takes anyone either
            } else {
                credential = session.accessToken();
                auth = platform.kafkaAuth(session);
            }
        } catch (LoginException e) {
            err.println("mesh publish: " + e.getMessage() + "; nothing was published");
            return MeshCli.USAGE;
        }
        try (PublicationClient client = new PublicationClient(
                platform.bootstrap, platform.registry, auth, warning -> err.println("mesh publish: " + warning))) {
            // Stamped once connected: requestedAt feeds the catalog's publication velocity, not the CLI's start-up.
            PublicationRequested request =
                    PublicationClient.request(product, System.getProperty("user.name"), descriptor.path.toString());
            request.setOwnerChangeFrom(changeOwnerFrom);
            if (noWait) {
                client.send(request, credential);
                out.println("sent publication request " + request.getRequestId() + " for " + product.id());
                return MeshCli.OK;
            }
            client.positionAtEnd();
            long t0 = System.nanoTime();
            client.send(request, credential);
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

    /**
     * What governance would refuse, refused here before anything reaches {@code mesh.publications.requested}: a
     * literal connection (it would be on the topic, readable by the whole mesh, before governance said no) and any
     * policy error. Returns OK, or the exit code after saying why nothing was sent.
     */
    private int checkBeforeSending(DataProduct product, ParsedDescriptor parsed, PrintWriter out, PrintWriter err) {
        DataProduct.Source source = product.spec().source();
        if (source != null && source.connection() != null && !EnvReferences.isPureReference(source.connection())) {
            err.println(parsed.problemAt(
                            "spec.source.connection",
                            "a literal connection is a secret and is never sent: write one ${ENV} reference, e.g."
                                    + " connection: ${ORDERS_DB_URI}, and set the variable where the pipeline runs")
                    .format());
            err.println("mesh publish: " + descriptor.path + " has a literal connection; nothing was published");
            return MeshCli.INVALID;
        }
        Findings findings;
        try {
            findings = Findings.of(parsed, PolicyEngines.load(policies));
        } catch (PolicyFileException | Findings.PolicyEngineFailure e) {
            err.println("mesh publish: " + e.getMessage() + "; nothing was published");
            return MeshCli.USAGE;
        }
        if (findings.valid()) {
            return MeshCli.OK;
        }
        if (output == ValidateCommand.Output.json) {
            out.println(Json.write(findings.toJson()));
        } else {
            findings.items().forEach(f -> out.println(f.format()));
        }
        out.flush();
        err.println("mesh publish: " + product.id() + " breaks " + findings.errors()
                + " governance polic" + (findings.errors() == 1 ? "y" : "ies")
                + " (listed above, as mesh validate shows them); nothing was published");
        return MeshCli.INVALID;
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
