package dev.meshplane.governance.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.common.annotation.Identifier;

import dev.meshplane.client.KafkaAuth;
import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * Who really reads a product, as the broker sees it: the consumer groups with committed offsets on the product's
 * topics ({@code <domain>.<name>.v*}), their lag, and the team each belongs to by its prefix ({@code analytics.} is
 * team analytics). A group whose team may not read the product (no grant, not declared) is flagged: it read before its
 * grant ended, or reads through a right nobody gave through the platform. Asked on demand (a few admin calls per
 * question); a reader that never commits offsets (partitions assigned, no group) is not seen.
 */
@ApplicationScoped
public class ObservedConsumers {

    private static final long TIMEOUT_SECONDS = 15;

    private final Map<String, Object> config = new HashMap<>();
    private final boolean enabled;
    private Admin admin;

    public ObservedConsumers(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming.products-view.connector") String connector) {
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        KafkaAuth.copiedFrom(kafkaConfig).applyTo(config);
        this.enabled = "smallrye-kafka".equals(connector);
    }

    /**
     * The observed readers of {@code productId}, most lag first; {@code readers} are the teams that may read it (live
     * grants and declared teams).
     */
    public List<AccessViews.Observed> of(String productId, Set<String> readers) {
        if (!enabled) {
            return List.of();
        }
        String prefix = productId.replace('/', '.') + ".v";
        try {
            Admin a = admin();
            Set<String> topics = a.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix))
                    .collect(Collectors.toSet());
            if (topics.isEmpty()) {
                return List.of();
            }
            List<String> groups = a.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId)
                    .toList();
            if (groups.isEmpty()) {
                return List.of();
            }
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                    a.listConsumerGroupOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Map<TopicPartition, Long>> onProduct = new HashMap<>();
            committed.forEach((group, offsets) -> offsets.forEach((tp, o) -> {
                if (o != null && topics.contains(tp.topic())) {
                    onProduct.computeIfAbsent(group, g -> new HashMap<>()).put(tp, o.offset());
                }
            }));
            if (onProduct.isEmpty()) {
                return List.of();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            onProduct.values().forEach(m -> m.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    a.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<AccessViews.Observed> out = new ArrayList<>();
            onProduct.forEach((group, offsets) -> {
                long lag = 0;
                for (var e : offsets.entrySet()) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue());
                }
                int dot = group.indexOf('.');
                String team = dot > 0 ? group.substring(0, dot) : null;
                out.add(new AccessViews.Observed(group, team, lag, team == null || !readers.contains(team)));
            });
            out.sort(Comparator.comparing(AccessViews.Observed::lag)
                    .reversed()
                    .thenComparing(AccessViews.Observed::group));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(
                    "interrupted while asking the broker for the product's readers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DependencyUnavailableException(
                    "the broker did not say who reads " + productId + ": " + e.getMessage(), e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
