package dev.meshplane.governance.health;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Holds the publication-request consumer, once it has its partitions and before it reads a request, until the views
 * are loaded ({@link ViewsLoaded}): a request decided against a partial view could accept a version older than the
 * published one or decide a request id a second time. It blocks that consumer's own polling thread (the broker keeps
 * hearing its heartbeats meanwhile); loading the views takes seconds, far below {@code max.poll.interval.ms}. After
 * the first load it returns at once.
 *
 * <p>It also notes when the consumer has first joined its group ({@link #hasJoined}): a replica that comes back under
 * a new instance id joins only once the group has given up on the killed member (its session, 45 s), and decides
 * nothing until then ({@link GroupReadiness}).
 */
@Identifier(DecideAfterViews.NAME)
@ApplicationScoped
public class DecideAfterViews implements KafkaConsumerRebalanceListener {

    /** The name {@code consumer-rebalance-listener.name} of the request channel refers to. */
    static final String NAME = "decide-after-views";

    private static final Logger LOG = Logger.getLogger(DecideAfterViews.class);

    private final ViewsLoaded views;
    private volatile boolean joined;

    public DecideAfterViews(ViewsLoaded views) {
        this.views = views;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        joined = true; // also with no partitions: more replicas than partitions, this one stands by
        if (views.isLoaded() || partitions.isEmpty()) {
            return;
        }
        LOG.infof("%d request partitions assigned; reading them once the views are loaded", partitions.size());
        if (!views.awaitLoaded()) {
            LOG.info("stopping before the views were loaded");
        }
    }

    /** Whether the request consumer has been through its group's first rebalance (with or without partitions). */
    boolean hasJoined() {
        return joined;
    }
}
