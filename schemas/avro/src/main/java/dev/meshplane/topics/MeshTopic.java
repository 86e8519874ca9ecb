package dev.meshplane.topics;

import java.util.Map;

/**
 * A platform topic: its name, the Avro type of its values (keys are always the product id as a string unless the
 * description says otherwise) and the configuration it is created with.
 */
public record MeshTopic<V>(
        String name, Class<V> valueType, boolean compacted, boolean keptForever, String description) {

    public MeshTopic(String name, Class<V> valueType, boolean compacted, String description) {
        this(name, valueType, compacted, false, description);
    }

    /**
     * Topic configuration for provisioning: compaction where the design says so; audit logs the catalog rebuilds
     * history from (decisions, feedback) are kept forever; otherwise the broker defaults.
     */
    public Map<String, String> config() {
        if (compacted) {
            return Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        }
        return keptForever ? Map.of("retention.ms", "-1") : Map.of();
    }

    /** The registry artifact the Apicurio serdes register this topic's values under (TopicIdStrategy). */
    public String valueArtifactId() {
        return name + "-value";
    }
}
