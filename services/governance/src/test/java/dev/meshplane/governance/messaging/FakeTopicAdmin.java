package dev.meshplane.governance.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.meshplane.governance.domain.TopicAdmin;

/** Remembers the topics it was asked to create. */
@Alternative
@ApplicationScoped
public class FakeTopicAdmin implements TopicAdmin {

    private final List<String> created = new CopyOnWriteArrayList<>();

    @Override
    public void ensureTopic(String name, int partitions, Long retentionMs) {
        created.add(name);
    }

    List<String> created() {
        return List.copyOf(created);
    }
}
