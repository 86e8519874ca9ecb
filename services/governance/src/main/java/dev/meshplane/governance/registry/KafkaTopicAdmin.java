package dev.meshplane.governance.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;

import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.TopicAdmin;
import dev.meshplane.governance.domain.UndecidableRequestException;

/**
 * Creates product output topics on the platform's broker. A refusal of what the descriptor asks for (the topic name,
 * its partitions or retention) makes the request undecidable; anything else (timeouts, an unreachable or unhappy
 * broker, a replication factor the cluster cannot give yet) is an outage the request waits out.
 *
 * <p>The requests decided in parallel create their topics together: the controller commits each {@code CreateTopics}
 * request on its own (measured on a one-node KRaft cluster here: 23–28 single-topic requests a second however many
 * run at once, 230 topics a second in requests of 50), so the callers that arrive while a request is under way are
 * sent as one request ({@link #createInGroups}).
 */
@ApplicationScoped
public class KafkaTopicAdmin implements TopicAdmin {

    /** How long a caller waits for its topic: the admin client's own deadline, and the time spent queued. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private record Pending(NewTopic topic, CompletableFuture<Void> created) {}

    private final Admin admin;
    private final short replicationFactor;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread creator;

    @Inject
    public KafkaTopicAdmin(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, GovernanceConfig governanceConfig) {
        this.replicationFactor = governanceConfig.replicationFactor();
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        KafkaAuth.copiedFrom(kafkaConfig).applyTo(config); // as governance's account, which may create topics
        this.admin = Admin.create(config);
        this.creator = new Thread(this::createInGroups, "governance-topic-creator");
        this.creator.setDaemon(true);
        this.creator.start();
    }

    @Override
    public void ensureTopic(String name, int partitions, Long retentionMs) {
        NewTopic topic = new NewTopic(
                name,
                Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor));
        if (retentionMs != null) {
            topic.configs(Map.of("retention.ms", Long.toString(retentionMs)));
        }
        Pending mine = new Pending(topic, new CompletableFuture<>());
        pending.add(mine);
        try {
            mine.created().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) {
                return;
            }
            if (refusesTheRequest(cause)) {
                throw new UndecidableRequestException(
                        "the broker refused topic " + name + ": " + cause.getMessage(), cause);
            }
            throw new DependencyUnavailableException("could not create topic " + name + ": " + cause.getMessage(), e);
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted creating topic " + name, e);
        }
    }

    /**
     * Sends what is pending as one {@code CreateTopics} request, waits for it, and starts again: callers that arrive
     * while a request is under way share the next. Each caller gets its own topic's result.
     */
    private void createInGroups() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> group = new ArrayList<>();
            try {
                group.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(group);
            Map<String, Pending> byName = new LinkedHashMap<>();
            for (Pending p : group) {
                if (byName.putIfAbsent(p.topic().name(), p) != null) {
                    pending.add(p); // one request may name a topic once: the same topic again goes with the next
                }
            }
            try {
                Map<String, KafkaFuture<Void>> results = admin.createTopics(
                                byName.values().stream().map(Pending::topic).toList())
                        .values();
                long deadline = System.nanoTime() + WAIT.toNanos();
                for (Map.Entry<String, Pending> one : byName.entrySet()) {
                    CompletableFuture<Void> created = one.getValue().created();
                    try { // each caller gets its own topic's outcome, never another topic's
                        results.get(one.getKey()).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        created.complete(null);
                    } catch (ExecutionException e) {
                        created.completeExceptionally(e.getCause());
                    } catch (TimeoutException e) {
                        created.completeExceptionally(e);
                    }
                }
            } catch (RuntimeException e) {
                byName.values().forEach(p -> p.created().completeExceptionally(e));
            } catch (InterruptedException e) {
                byName.values().forEach(p -> p.created().completeExceptionally(e));
                return;
            }
        }
    }

    private static boolean refusesTheRequest(Throwable cause) {
        return cause instanceof InvalidTopicException
                || cause instanceof InvalidPartitionsException
                || cause instanceof InvalidConfigurationException
                || cause instanceof InvalidRequestException
                || cause instanceof PolicyViolationException;
    }

    @PreDestroy
    void close() {
        creator.interrupt();
        admin.close();
    }
}
