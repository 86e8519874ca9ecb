package dev.meshplane.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PublicationRequested;

/**
 * Publish → decision against a running platform. Phase 1 publishes one request at a time (latency: send to decision
 * seen by the client). Phase 2 sends a burst without waiting and reads every decision (decisions per second). Every
 * fourth product breaks a policy, so both paths of governance are measured. Every request carries an access token of
 * the sales pipeline ({@code pipeline-sales}, client credentials at the local identity provider), which governance
 * verifies against the provider's keys, as it does for {@code mesh publish}.
 *
 * <p>{@code PublishBench BOOTSTRAP REGISTRY_URL EXAMPLE.yaml [N] [TOKEN_URL]}
 */
public final class PublishBench {

    private PublishBench() {}

    public static void main(String[] args) throws Exception {
        String template = Files.readString(Path.of(args[2]))
                .replace("  inputs:\n    - product: customers/customer-profile\n", "");
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        String tokenUrl = args.length > 4 ? args[4] : LOCAL_TOKEN_URL;
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (PublicationClient client = new PublicationClient(args[0], args[1], BenchKafka.pipeline())) {
            String token = pipelineToken(tokenUrl);
            for (int i = 0; i < 20; i++) {
                PolicyDecided warm = client.publish(request(template, "warm-" + run, i), token, Duration.ofSeconds(30))
                        .orElseThrow();
                if (i == 0) {
                    System.out.println("publisher verified by governance: " + warm.getPublisher());
                }
            }
            token = pipelineToken(tokenUrl); // a fresh one (tokens live 5 minutes) for each phase
            double[] millis = new double[n];
            int accepted = 0;
            for (int i = 0; i < n; i++) {
                PublicationRequested r = request(template, "lat-" + run, i);
                client.positionAtEnd();
                long t = System.nanoTime();
                client.send(r, token);
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
            token = pipelineToken(tokenUrl);
            client.positionAtEnd();
            long t0 = System.nanoTime();
            client.sendAll(burst, token); // all at once: the burst measures governance, not one send after another
            double sent = (System.nanoTime() - t0) / 1e9;
            Optional<PolicyDecided> last =
                    client.awaitDecision(burst.get(n - 1).getRequestId(), Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "burst of %d requests (all sent and acknowledged after %.2f s) decided in %.2f s = %.0f decisions/s"
                            + " (last decision %s)%n",
                    n,
                    sent,
                    seconds,
                    n / seconds,
                    last.map(d -> d.getOutcome().name()).orElse("MISSING"));
        }
    }

    /** The local platform's token endpoint (deploy/local: Keycloak on 8180, realm meshplane). */
    static final String LOCAL_TOKEN_URL = "http://127.0.0.1:8180/realms/meshplane/protocol/openid-connect/token";

    /** The sales pipeline's access token (client credentials; the seeded realm's local-only secret). */
    static String pipelineToken(String tokenUrl) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=pipeline-sales"
                        + "&client_secret=pipeline-sales-local-secret"))
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "no token from " + tokenUrl + " (" + e + "): start the identity part, deploy/local/platform up");
        }
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("no token from " + tokenUrl + ": HTTP " + response.statusCode());
        }
        return token.group(1);
    }

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private static PublicationRequested request(String template, String prefix, int i) {
        String yaml = template.replace("name: orders-daily-summary", "name: " + prefix + "-" + i);
        if (i % 4 == 3) {
            yaml = yaml.replace("  oncall: jane.doe@company.com\n", ""); // breaks oncall-named
        }
        DataProduct p = DescriptorParser.parse("bench.yaml", yaml).product().orElseThrow();
        return PublicationClient.request(p, "bench", "bench.yaml");
    }
}
