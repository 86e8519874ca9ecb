package dev.meshplane.cli;

import dev.meshplane.client.KafkaAuth;

import picocli.CommandLine.Option;

/**
 * Where the platform's broker and registry are, and how to authenticate to the broker: shared by every command that
 * talks to Kafka.
 */
final class PlatformOptions {

    @Option(
            names = "--bootstrap",
            defaultValue = "${env:MESH_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: $MESH_BOOTSTRAP or 127.0.0.1:9092).")
    String bootstrap;

    @Option(
            names = "--registry",
            defaultValue = "${env:MESH_REGISTRY_URL:-http://127.0.0.1:8090/apis/registry/v3}",
            description = "Apicurio Registry v3 API (default: $MESH_REGISTRY_URL or the local platform's).")
    String registry;

    @Option(
            names = "--kafka-auth",
            paramLabel = "MODE",
            defaultValue = "${env:MESH_KAFKA_AUTH:-oauth}",
            description = "How to authenticate to the broker: oauth (the login's access token, or the pipeline's with"
                    + " MESH_CLIENT_ID and MESH_CLIENT_SECRET) or none, for a broker without authentication (default:"
                    + " $MESH_KAFKA_AUTH or oauth).")
    KafkaAuthMode kafkaAuth;

    enum KafkaAuthMode {
        oauth,
        none
    }

    /**
     * The broker authentication of this command: with {@code oauth}, the session's access tokens, the first fetched
     * now so that a missing or expired login fails here, before anything is sent.
     *
     * @throws LoginException no login, or the provider refused or did not answer
     */
    KafkaAuth kafkaAuth(Session session) {
        if (kafkaAuth == KafkaAuthMode.none) {
            return KafkaAuth.none();
        }
        session.accessToken();
        return KafkaAuth.bearer(() -> {
            synchronized (session) { // the client's login thread asks again before the token expires
                return session.accessToken();
            }
        });
    }
}
