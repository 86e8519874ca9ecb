package dev.meshplane.freshness.config;

import io.smallrye.config.ConfigMapping;

/**
 * Which replica this process is ({@code meshplane.instance-id}): the same across its restarts, different from every
 * other replica's. Its stream threads are static members of the Kafka Streams group under it ({@code <id>-<thread>}),
 * so a restarted replica gets its tasks straight back instead of waiting out the killed process's session. {@code
 * deploy/local} and the test platform pass {@code freshness-<port>}.
 */
@ConfigMapping(prefix = "meshplane")
public interface ReplicaConfig {

    String instanceId();

    /**
     * How the other replicas reach this one ({@code meshplane.advertised-host}, with {@code quarkus.http.port} its
     * {@code application.server}): a read of a product another replica holds is forwarded there.
     */
    String advertisedHost();
}
