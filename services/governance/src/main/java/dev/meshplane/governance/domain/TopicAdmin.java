package dev.meshplane.governance.domain;

/** Creates output topics. Idempotent: an existing topic is left as it is. */
public interface TopicAdmin {

    /**
     * @throws DependencyUnavailableException when the broker cannot be reached or does not answer in time
     * @throws UndecidableRequestException when the broker refuses the topic the descriptor asks for (its name,
     *     partitions or retention)
     */
    void ensureTopic(String name, int partitions, Long retentionMs);
}
