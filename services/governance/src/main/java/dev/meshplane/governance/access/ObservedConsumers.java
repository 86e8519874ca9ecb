package dev.meshplane.governance.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * topics ({@code <domain>.<name>.v<major>}), their lag, and the team each belongs to by its prefix ({@code analytics.}
 * is team analytics). A group whose team may not read the product (no grant, not declared) is flagged: it read before
 * its grant ended, or reads through a right nobody gave through the platform. A few admin calls per question, asked on
 * demand ({@code mesh access list}) and by the {@link ReaderSweeper}; a reader that never commits offsets (partitions
 * assigned, no group) is not seen.
 */
@ApplicationScoped
public class ObservedConsumers {

    /** An output topic: {@code <domain>.<name>.v<major>}, names as {@code ProductId.NAME}. */
    static final Pattern OUTPUT_TOPIC = Pattern.compile("([a-z][a-z0-9-]{0,62})\\.([a-z][a-z0-9-]{0,62})\\.v\\d+");

    private static final long TIMEOUT_SECONDS = 15;

    /** One group on one product's topics: offsets summed over the partitions it has committed on. */
    public record Reading(String group, String team, SortedSet<String> topics, long committed, long lag) {}

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

    /** False on the in-memory channels (the fast tests): there is no broker to ask. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The observed readers of {@code productId}, most lag first; {@code readers} are the teams that may read it (live
     * grants and declared teams).
     */
    public List<AccessViews.Observed> of(String productId, Set<String> readers) {
        if (!enabled) {
            return List.of();
        }
        List<AccessViews.Observed> out = new ArrayList<>();
        sweep(productId::equals)
                .getOrDefault(productId, Map.of())
                .values()
                .forEach(r -> out.add(new AccessViews.Observed(
                        r.group(), r.team(), r.lag(), r.team() == null || !readers.contains(r.team()))));
        out.sort(Comparator.comparing(AccessViews.Observed::lag).reversed().thenComparing(AccessViews.Observed::group));
        return out;
    }

    /**
     * Every consumer group with committed offsets on the output topics of the products {@code products} accepts: by
     * product id, then by group.
     */
    public Map<String, Map<String, Reading>> sweep(Predicate<String> products) {
        if (!enabled) {
            return Map.of();
        }
        try {
            Admin a = admin();
            Map<String, String> topics = new HashMap<>(); // topic -> product id
            for (String t : a.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                String product = productOf(t);
                if (product != null && products.test(product)) {
                    topics.put(t, product);
                }
            }
            if (topics.isEmpty()) {
                return Map.of();
            }
            List<String> groups = a.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId)
                    .toList();
            if (groups.isEmpty()) {
                return Map.of();
            }
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                    a.listConsumerGroupOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed
                    .values()
                    .forEach(offsets -> offsets.forEach((tp, o) -> {
                        if (o != null && topics.containsKey(tp.topic())) {
                            latest.put(tp, OffsetSpec.latest());
                        }
                    }));
            if (latest.isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    a.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Map<String, Reading>> out = new TreeMap<>();
            committed.forEach((group, offsets) -> offsets.forEach((tp, o) -> {
                if (o == null || !latest.containsKey(tp)) {
                    return;
                }
                long lag = Math.max(0, ends.get(tp).offset() - o.offset());
                out.computeIfAbsent(topics.get(tp.topic()), p -> new TreeMap<>())
                        .merge(
                                group,
                                new Reading(group, teamOf(group), new TreeSet<>(Set.of(tp.topic())), o.offset(), lag),
                                ObservedConsumers::plus);
            }));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(
                    "interrupted while asking the broker for the products' readers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DependencyUnavailableException(
                    "the broker did not say who reads the products: " + e.getMessage(), e);
        }
    }

    /** {@code domain/name} of an output topic, or null for any other topic. */
    static String productOf(String topic) {
        Matcher m = OUTPUT_TOPIC.matcher(topic);
        return m.matches() ? m.group(1) + "/" + m.group(2) : null;
    }

    /** The team of a consumer group by its prefix ({@code analytics.orders-report}: analytics), or null. */
    static String teamOf(String group) {
        int dot = group.indexOf('.');
        return dot > 0 ? group.substring(0, dot) : null;
    }

    private static Reading plus(Reading a, Reading b) {
        SortedSet<String> topics = new TreeSet<>(a.topics());
        topics.addAll(b.topics());
        return new Reading(a.group(), a.team(), topics, a.committed() + b.committed(), a.lag() + b.lag());
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
