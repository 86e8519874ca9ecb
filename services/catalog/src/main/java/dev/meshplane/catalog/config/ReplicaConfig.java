package dev.meshplane.catalog.config;

import io.smallrye.config.ConfigMapping;

/**
 * Which replica this process is ({@code meshplane.instance-id}); the replica's application id, hence its consumer
 * group and changelogs, is {@code meshplane-<instance id>-v<layout>}. Every replica is a group of its own that reads
 * every partition into its stores on disk; restarted with the same instance id, it goes on from its committed offsets.
 * {@code deploy/local} and the test platform pass {@code catalog-<port>}.
 */
@ConfigMapping(prefix = "meshplane")
public interface ReplicaConfig {

    String instanceId();
}
