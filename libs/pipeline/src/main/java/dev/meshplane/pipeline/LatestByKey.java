package dev.meshplane.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.PlatformUnreachableException;
import dev.meshplane.client.SkippingPoller;
import dev.meshplane.topics.MeshTopic;

/**
 * The latest committed value of one key on a compacted platform topic (a published product, a watermark): reads the
 * one partition the default partitioner puts the key in, from the beginning to its end.
 */
final class LatestByKey {

    private LatestByKey() {}

    /** {@code warnings} gets a line for every unreadable record stepped over (it may have been the key's latest). */
    static <V> Optional<V> read(PipelineRun.Options o, MeshTopic<V> topic, String key) {
        String bootstrap = o.bootstrap();
        Consumer<String> warnings = o.warnings();
        Map<String, Object> c = o.auth().applyTo(ClientConfigs.avroConsumer(bootstrap, o.registry(), null));
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                throw new PlatformUnreachableException(topic.name() + " does not exist on " + bootstrap
                        + ": is the platform up (deploy/local/platform up)?");
            }
            int p = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions.size();
            TopicPartition tp = new TopicPartition(topic.name(), p);
            SkippingPoller<String, V> poller = new SkippingPoller<>(consumer, warnings);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            V latest = null;
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, V> r : poller.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        latest = r.value();
                    }
                }
            }
            return Optional.ofNullable(latest);
        } catch (TimeoutException e) {
            throw new PlatformUnreachableException(
                    "no Kafka broker answered at " + bootstrap + ": is the platform up (deploy/local/platform up)?");
        }
    }
}
