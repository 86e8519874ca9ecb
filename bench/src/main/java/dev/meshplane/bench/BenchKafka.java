package dev.meshplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.meshplane.client.KafkaAuth;

/**
 * How the benchmarks authenticate to the local platform's broker.
 *
 * <ul>
 *   <li>{@link #pipeline}: as the sales pipeline ({@code pipeline-sales}, the seeded realm's local-only secret), on
 *       the platform's listener, like a real pipeline: the publish and pipeline benchmarks.
 *   <li>{@link #operator}: the quality, freshness and catalog benchmarks play several principals at once (governance
 *       writing products, pipelines writing results, a reader of the services' outputs and group offsets), so they
 *       run as the platform's operator, on its own listener, with the password the launcher keeps in {@code
 *       .mesh/kafka/operator-password}. Without that file (a broker without authentication) they connect as given.
 * </ul>
 */
final class BenchKafka {

    /** The local platform's operator listener ({@code LocalPlatform.KAFKA_OPERATOR_PORT}). */
    static final String OPERATOR_BOOTSTRAP = "127.0.0.1:9094";

    private BenchKafka() {}

    static KafkaAuth pipeline() {
        return KafkaAuth.bearer(() -> {
            try {
                return PublishBench.pipelineToken(PublishBench.LOCAL_TOKEN_URL);
            } catch (Exception e) {
                throw new IllegalStateException("no token for pipeline-sales: " + e.getMessage(), e);
            }
        });
    }

    /** {@code config} (a client's settings) made the operator's when the local platform's password file is there. */
    static Map<String, Object> operator(Map<String, Object> config) {
        Path file = Path.of(System.getProperty("meshplane.root", "."), ".mesh/kafka/operator-password");
        if (!Files.isRegularFile(file)) {
            return config;
        }
        String password;
        try {
            password = Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        config.put("bootstrap.servers", OPERATOR_BOOTSTRAP);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "PLAIN");
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"meshplane-operator\""
                        + " password=\"" + password + "\";");
        return config;
    }

    /** The operator's settings for a client of {@code bootstrap} (see {@link #operator(Map)}). */
    static Map<String, Object> operator(String bootstrap) {
        return operator(new HashMap<>(Map.of("bootstrap.servers", bootstrap)));
    }
}
