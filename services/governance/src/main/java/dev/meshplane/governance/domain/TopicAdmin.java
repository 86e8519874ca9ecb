package dev.meshplane.governance.domain;

/** Creates output topics. Idempotent: an existing topic is left as it is. */
public interface TopicAdmin {

    void ensureTopic(String name, int partitions, Long retentionMs);
}
