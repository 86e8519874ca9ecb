package dev.meshplane.governance.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.UndecidableRequestException;

/**
 * How the registry's answers are classified, against a local HTTP server: an outage must be waited out, a refusal of
 * the schema dead-letters the request, an incompatibility rejects it.
 */
class ApicurioSchemaRegistryTest {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableRegistryIsAnOutage() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApicurioSchemaRegistry registry = registry("http://127.0.0.1:" + closedPort + "/apis/registry/v3");

        assertThatThrownBy(() -> registry.incompatibility("a-value", SCHEMA))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("not reachable");
        assertThatThrownBy(() -> registry.register("a-value", SCHEMA))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    @Test
    void aServerErrorIsAnOutage() throws IOException {
        ApicurioSchemaRegistry registry = answering(503, "{\"title\":\"unavailable\"}");

        assertThatThrownBy(() -> registry.incompatibility("a-value", SCHEMA))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> registry.register("a-value", SCHEMA))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("503");
    }

    @Test
    void aRefusedSchemaMakesTheRequestUndecidable() throws IOException {
        ApicurioSchemaRegistry registry = answering(400, "{\"detail\":\"invalid Avro schema\"}");

        assertThatThrownBy(() -> registry.register("a-value", SCHEMA))
                .isInstanceOf(UndecidableRequestException.class)
                .hasMessageContaining("invalid Avro schema");
    }

    @Test
    void anIncompatibleSchemaIsAnAnswerNotAFailure() throws IOException {
        ApicurioSchemaRegistry registry = answering(
                409, "{\"causes\":[{\"description\":\"field amount changed type\",\"context\":\"/fields/1\"}]}");

        assertThat(registry.incompatibility("a-value", SCHEMA))
                .isEqualTo(Optional.of("field amount changed type at /fields/1"));
    }

    private ApicurioSchemaRegistry answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return registry("http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v3");
    }

    private static ApicurioSchemaRegistry registry(String url) {
        return new ApicurioSchemaRegistry(new Settings(url), new ObjectMapper());
    }

    private record Settings(String registryUrl) implements GovernanceConfig {
        @Override
        public Optional<String> policyFile() {
            return Optional.empty();
        }

        @Override
        public int defaultPartitions() {
            return 3;
        }

        @Override
        public short replicationFactor() {
            return 1;
        }

        @Override
        public int decideParallelism() {
            return 1;
        }

        @Override
        public Retry retry() {
            return new Retry() {
                @Override
                public Duration initialBackoff() {
                    return Duration.ofMillis(1);
                }

                @Override
                public Duration maxBackoff() {
                    return Duration.ofMillis(1);
                }
            };
        }

        @Override
        public Access access() {
            return new Access() {
                @Override
                public boolean enforce() {
                    return false;
                }

                @Override
                public Duration reconcileInterval() {
                    return Duration.ofSeconds(60);
                }

                @Override
                public Duration expiryInterval() {
                    return Duration.ofSeconds(5);
                }

                @Override
                public Duration observeInterval() {
                    return Duration.ofSeconds(60);
                }
            };
        }

        @Override
        public Identity identity() {
            return new Identity() {
                @Override
                public boolean required() {
                    return false;
                }

                @Override
                public String issuer() {
                    return "http://127.0.0.1:1/realms/unused";
                }

                @Override
                public Duration verifyTimeout() {
                    return Duration.ofSeconds(1);
                }
            };
        }

        @Override
        public EventTime eventTime() {
            return new EventTime() {
                @Override
                public Duration maxPast() {
                    return Duration.ofDays(400);
                }

                @Override
                public Duration maxFuture() {
                    return Duration.ofDays(1);
                }
            };
        }

        @Override
        public int deadLetterMaxBytes() {
            return 256 * 1024;
        }
    }
}
