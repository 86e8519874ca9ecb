package dev.meshplane.governance.config;

import io.smallrye.config.ConfigMapping;

/**
 * Which replica this process is ({@code meshplane.instance-id}): the same across its restarts, different from every
 * other replica's. The request consumer is a static member under it (a restarted replica gets its partitions straight
 * back), the decision log's transactional id ends with it (a restart aborts what the killed process left open) and
 * the view groups are named after it. {@code deploy/local} and the test platform pass {@code governance-<port>}.
 */
@ConfigMapping(prefix = "meshplane")
public interface ReplicaConfig {

    String instanceId();
}
