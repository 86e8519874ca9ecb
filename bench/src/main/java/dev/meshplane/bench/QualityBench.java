package dev.meshplane.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
import dev.meshplane.topics.MeshTopic;
import dev.meshplane.topics.Topics;

/**
 * Quality results evaluated per second by the quality service, beside the raw consume rate of the same records by a
 * plain consumer on the same broker (the ceiling). Both read the same backlog: {@code write} puts the products and
 * results on the broker while the service is stopped (bench/run-quality.sh stops it), {@code measure} waits for the
 * restarted service's outcomes and takes its rate from their {@code evaluatedAt} stamps (the service's own clock,
 * first to last outcome, so start-up and restore are not counted), then times a plain consumer over the results. The
 * outcomes are read after the service has caught up (its committed offsets), so the reader takes no CPU from it.
 *
 * <p>{@code QualityBench write BOOTSTRAP REGISTRY_URL RESULTS PRODUCTS STATE_FILE} then {@code QualityBench measure
 * BOOTSTRAP REGISTRY_URL STATE_FILE}; or the write in two steps, {@code write-products BOOTSTRAP REGISTRY_URL PRODUCTS
 * STATE_FILE} and {@code write-results BOOTSTRAP REGISTRY_URL RESULTS STATE_FILE}, so a running service has read the
 * products before the results (bench/run-scaling.sh pauses the service in between).
 */
public final class QualityBench {

    /** The quality service's application id, which is its consumer group. */
    private static final String SERVICE_GROUP = "meshplane-quality";

    private QualityBench() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        String registry = args[2];
        if (args[0].equals("write")) {
            write(bootstrap, registry, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
        } else if (args[0].equals("write-products")) { // then write-results: the service knows them before
            writeProducts(bootstrap, registry, Integer.parseInt(args[3]), Path.of(args[4]));
        } else if (args[0].equals("write-results")) {
            writeResults(bootstrap, registry, Integer.parseInt(args[3]), Path.of(args[4]));
        } else {
            measure(bootstrap, registry, Path.of(args[3]));
        }
    }

    private static void write(String bootstrap, String registry, int n, int m, Path stateFile) throws Exception {
        long t0 = System.nanoTime();
        writeProducts(bootstrap, registry, m, stateFile);
        writeResults(bootstrap, registry, n, stateFile);
        System.out.printf("(products and results written in %.2f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    /** {@code m} new products on {@code mesh.products}; their ids are kept in the state file for the results. */
    private static void writeProducts(String bootstrap, String registry, int m, Path stateFile) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> p = BenchKafka.operator(ClientConfigs.avroProducer(bootstrap, registry));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        List<String> ids = new ArrayList<>();
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
        Properties state = new Properties();
        state.setProperty("run", run);
        state.setProperty("products", String.join(",", ids));
        try (var w = Files.newBufferedWriter(stateFile)) {
            state.store(w, "QualityBench products");
        }
    }

    /** {@code n} results for the products of the state file (the backlog), and where they start. */
    private static void writeResults(String bootstrap, String registry, int n, Path stateFile) throws Exception {
        Properties state = new Properties();
        try (var r = Files.newBufferedReader(stateFile)) {
            state.load(r);
        }
        String run = state.getProperty("run");
        List<String> ids = List.of(state.getProperty("products").split(","));
        int m = ids.size();
        Map<String, Object> p = BenchKafka.operator(ClientConfigs.avroProducer(bootstrap, registry));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        Map<TopicPartition, Long> start = endOffsets(bootstrap, Topics.QUALITY_RESULTS.name());
        Map<TopicPartition, Long> checksStart = endOffsets(bootstrap, Topics.QUALITY_CHECKS.name());
        long t0 = System.nanoTime();
        try (KafkaProducer<String, QualityResultReported> results = new KafkaProducer<>(p)) {
            // Hourly runs ending before now: event times must lie within the window the value rules accept.
            Instant day0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(n / m + 24));
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
        System.out.printf(
                "wrote %d quality results for %d products (backlog) in %.2f s%n", n, m, (System.nanoTime() - t0) / 1e9);
        state.setProperty("results", Integer.toString(n));
        start.forEach((tp, o) -> state.setProperty("results." + tp.partition(), o.toString()));
        checksStart.forEach((tp, o) -> state.setProperty("checks." + tp.partition(), o.toString()));
        try (var w = Files.newBufferedWriter(stateFile)) {
            state.store(w, "QualityBench backlog");
        }
    }

    private static void measure(String bootstrap, String registry, Path stateFile) throws Exception {
        Properties state = new Properties();
        try (var r = Files.newBufferedReader(stateFile)) {
            state.load(r);
        }
        int n = Integer.parseInt(state.getProperty("results"));
        // The outcomes are read only once the service has caught up, so the reader takes no CPU from the service.
        awaitCaughtUp(bootstrap, offsets(state, "results", Topics.QUALITY_RESULTS), n);
        // Every product of CatalogLoader declares one check (row_count_delta): one outcome per result.
        long[] stamps = evaluatedStamps(bootstrap, registry, offsets(state, "checks", Topics.QUALITY_CHECKS), n);
        Arrays.sort(stamps);
        double serviceSeconds = (stamps[n - 1] - stamps[0]) / 1e3;
        double serviceRate = n / serviceSeconds;
        System.out.printf(
                "quality service: %d outcomes, first to last evaluatedAt %.2f s = %.0f results/s%n",
                n, serviceSeconds, serviceRate);
        // The second half alone: the service after its JIT has warmed up on the first half (steady state).
        double warmSeconds = (stamps[n - 1] - stamps[n / 2]) / 1e3;
        System.out.printf(
                "quality service, second half only (warm): %.2f s = %.0f results/s%n",
                warmSeconds, (n - n / 2) / warmSeconds);

        double rawSeconds = rawRead(bootstrap, offsets(state, "results", Topics.QUALITY_RESULTS), n);
        System.out.printf(
                "plain consumer (ceiling): %d of the same records, first to last in %.2f s = %.0f records/s%n",
                n, rawSeconds, n / rawSeconds);
        System.out.printf("service / ceiling = %.1f %%%n", 100.0 * serviceRate / (n / rawSeconds));
    }

    private static Map<TopicPartition, Long> offsets(Properties state, String prefix, MeshTopic<?> topic) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (String key : state.stringPropertyNames()) {
            if (key.startsWith(prefix + ".")) {
                int partition = Integer.parseInt(key.substring(prefix.length() + 1));
                offsets.put(new TopicPartition(topic.name(), partition), Long.parseLong(state.getProperty(key)));
            }
        }
        return offsets;
    }

    /** Waits until the quality service's committed offsets on the results topic are past the backlog. */
    private static void awaitCaughtUp(String bootstrap, Map<TopicPartition, Long> from, long n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        try (Admin admin = Admin.create(BenchKafka.operator(bootstrap))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(SERVICE_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get();
                long done = 0;
                for (Map.Entry<TopicPartition, Long> e : from.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    done += c == null ? 0 : Math.max(0, c.offset() - e.getValue());
                }
                if (done >= n) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("the quality service did not catch up within 15 minutes");
    }

    /** Reads {@code wanted} outcomes and returns their {@code evaluatedAt} stamps in epoch millis. */
    private static long[] evaluatedStamps(
            String bootstrap, String registry, Map<TopicPartition, Long> from, int wanted) {
        Map<String, Object> c = BenchKafka.operator(ClientConfigs.avroConsumer(bootstrap, registry, null));
        long[] stamps = new long[wanted];
        int count = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (KafkaConsumer<String, CheckEvaluated> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            while (count < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CheckEvaluated> r : consumer.poll(Duration.ofMillis(200))) {
                    if (count < wanted) {
                        stamps[count++] = r.value().getEvaluatedAt().toEpochMilli();
                    }
                }
            }
        }
        if (count < wanted) {
            throw new IllegalStateException("only " + count + " of " + wanted + " outcomes within 10 minutes");
        }
        return stamps;
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = raw(bootstrap)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .collect(Collectors.toList());
            return c.endOffsets(parts);
        }
    }

    /**
     * Seconds from the first record to the last, on the same basis as the service's first to last outcome (the
     * consumer's connection and metadata fetch are not counted).
     */
    private static double rawRead(String bootstrap, Map<TopicPartition, Long> from, long wanted) {
        long count = 0;
        long first = 0;
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = raw(bootstrap)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            while (count < wanted) {
                int polled = consumer.poll(Duration.ofMillis(100)).count();
                if (count == 0 && polled > 0) {
                    first = System.nanoTime();
                }
                count += polled;
            }
            last = System.nanoTime();
        }
        return (last - first) / 1e9;
    }

    private static KafkaConsumer<byte[], byte[]> raw(String bootstrap) {
        Map<String, Object> c = BenchKafka.operator(bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(c);
    }
}
