package dev.meshplane.catalog.config;

import io.smallrye.config.ConfigMapping;

/**
 * Which replica this process is ({@code meshplane.instance-id}); it begins the replica's application id. Unlike the
 * other services the catalog needs no stable identity: every process is a consumer group of its own that replays
 * every topic into memory, so a restart has no membership to take back. {@code deploy/local} and the test platform
 * pass {@code catalog-<port>}.
 */
@ConfigMapping(prefix = "meshplane")
public interface ReplicaConfig {

    String instanceId();
}
