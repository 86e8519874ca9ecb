package dev.meshplane.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;

/**
 * Publish → decision against a running platform. Phase 1 publishes one request at a time (latency: send to decision
 * seen by the client). Phase 2 sends a burst without waiting and reads every decision (decisions per second). Every
 * fourth product breaks a policy, so both paths of governance are measured.
 *
 * <p>{@code PublishBench BOOTSTRAP REGISTRY_URL EXAMPLE.yaml [N]}
 */
public final class PublishBench {

    private PublishBench() {}

    public static void main(String[] args) throws Exception {
        String template = Files.readString(Path.of(args[2]))
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (PublicationClient client = new PublicationClient(args[0], args[1])) {
            for (int i = 0; i < 20; i++) {
                client.publish(request(template, "warm-" + run, i), Duration.ofSeconds(30))
                        .orElseThrow();
            }
            double[] millis = new double[n];
            int accepted = 0;
            for (int i = 0; i < n; i++) {
                PublicationRequested r = request(template, "lat-" + run, i);
                client.positionAtEnd();
                long t = System.nanoTime();
                client.send(r);
                PolicyDecided d = client.awaitDecision(r.getRequestId(), Duration.ofSeconds(30))
                        .orElseThrow();
                millis[i] = (System.nanoTime() - t) / 1e6;
                accepted += d.getOutcome() == DecisionOutcome.ACCEPTED ? 1 : 0;
            }
            System.out.printf(
                    "publish -> decision, one at a time: %d requests (%d accepted, %d rejected)%n",
                    n, accepted, n - accepted);
            System.out.println(
                    "publish -> decision latency: " + Percentiles.of(millis).format("ms"));

            List<PublicationRequested> burst = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                burst.add(request(template, "thr-" + run, i));
            }
            client.positionAtEnd();
            long t0 = System.nanoTime();
            for (PublicationRequested r : burst) {
                client.send(r);
            }
            Optional<PolicyDecided> last =
                    client.awaitDecision(burst.get(n - 1).getRequestId(), Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "burst of %d requests decided in %.2f s = %.0f decisions/s (last decision %s)%n",
                    n,
                    seconds,
                    n / seconds,
                    last.map(d -> d.getOutcome().name()).orElse("MISSING"));
        }
    }

    private static PublicationRequested request(String template, String prefix, int i) {
        String yaml = template.replace("name: orders-daily-summary", "name: " + prefix + "-" + i);
        if (i % 4 == 3) {
            yaml = yaml.replace("  oncall: jane.doe@company.com\n", ""); // breaks oncall-named
        }
        DataProduct p = DescriptorParser.parse("bench.yaml", yaml).product().orElseThrow();
        return PublicationClient.request(p, "bench", "bench.yaml");
    }
}
