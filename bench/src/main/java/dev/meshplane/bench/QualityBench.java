package dev.meshplane.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.topics.Topics;

/**
 * Quality results evaluated per second by the running quality service, beside the raw consume rate of the same
 * records by a plain consumer on the same broker (the ceiling).
 *
 * <p>{@code QualityBench BOOTSTRAP REGISTRY_URL RESULTS PRODUCTS}
 */
public final class QualityBench {

    private QualityBench() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        int n = Integer.parseInt(args[2]);
        int m = Integer.parseInt(args[3]);
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> p = ClientConfigs.avroProducer(bootstrap, registry);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        List<String> ids = new java.util.ArrayList<>();
        try (KafkaProducer<String, DataProductPublished> products = new KafkaProducer<>(p)) {
            for (int i = 0; i < m; i++) {
                DataProductPublished product = CatalogLoader.product(i);
                product.setProductId(product.getProductId() + "-q" + run);
                product.getDescriptor()
                        .getMetadata()
                        .setName(product.getDescriptor().getMetadata().getName() + "-q" + run);
                ids.add(product.getProductId());
                products.send(new ProducerRecord<>(Topics.PRODUCTS.name(), product.getProductId(), product));
            }
        }
        Thread.sleep(3000); // the service learns the products before their results arrive
        Map<TopicPartition, Long> start = endOffsets(bootstrap, Topics.QUALITY_RESULTS.name());
        Map<TopicPartition, Long> checksStart = endOffsets(bootstrap, Topics.QUALITY_CHECKS.name());
        long t0 = System.nanoTime();
        try (KafkaProducer<String, QualityResultReported> results = new KafkaProducer<>(p)) {
            Instant day0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < n; i++) {
                String id = ids.get(i % m);
                results.send(new ProducerRecord<>(
                        Topics.QUALITY_RESULTS.name(),
                        id,
                        QualityResultReported.newBuilder()
                                .setProductId(id)
                                .setRunId(run + "-" + i)
                                .setObservedAt(day0.plus(Duration.ofHours(i / m)))
                                .setRowCount(1000 + (i % 7))
                                .setColumns(List.of(new ColumnMetrics("id", 0L, null, null, null)))
                                .build()));
            }
        }
        double produced = (System.nanoTime() - t0) / 1e9;
        // Every product of CatalogLoader declares one check (row_count_delta): one outcome per result.
        long outcomes = countUntil(bootstrap, registry, checksStart, n, Duration.ofMinutes(5));
        double serviceSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("wrote %d quality results for %d products in %.2f s%n", n, m, produced);
        System.out.printf(
                "quality service: %d outcomes for %d results %.2f s after the first write = %.0f results/s%n",
                outcomes, n, serviceSeconds, n / serviceSeconds);

        long c0 = System.nanoTime();
        long read = rawRead(bootstrap, start, n);
        double rawSeconds = (System.nanoTime() - c0) / 1e9;
        System.out.printf(
                "plain consumer (ceiling): %d of the same records in %.2f s = %.0f records/s%n",
                read, rawSeconds, read / rawSeconds);
        System.out.printf("service / ceiling = %.0f %%%n", 100.0 * (n / serviceSeconds) / (read / rawSeconds));
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = raw(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toList());
            return c.endOffsets(parts);
        }
    }

    private static long countUntil(
            String bootstrap, String registry, Map<TopicPartition, Long> from, long wanted, Duration timeout) {
        Map<String, Object> c = ClientConfigs.avroConsumer(bootstrap, registry, null);
        long count = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, CheckEvaluated> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            while (count < wanted && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        return count;
    }

    private static long rawRead(String bootstrap, Map<TopicPartition, Long> from, long wanted) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = raw(bootstrap)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            while (count < wanted) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        return count;
    }

    private static KafkaConsumer<byte[], byte[]> raw(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
    }
}
