package dev.meshplane.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import dev.meshplane.topics.Topics;

/**
 * The framework's own ceiling for the quality service: a minimal Kafka Streams application on the same broker and
 * input, with the same processing guarantee (exactly-once v2) and one stream thread, that only copies each quality
 * result's bytes to a scratch topic (no deserialization, no state). Its records/s over the whole of {@code
 * mesh.quality.results}, first record to the {@code N}th, is what Kafka Streams itself costs here; the quality service's
 * rate beside it is what its checks, state and Avro cost on top.
 *
 * <p>{@code StreamsCeilingBench BOOTSTRAP N}
 */
public final class StreamsCeilingBench {

    private StreamsCeilingBench() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long wanted = Long.parseLong(args[1]);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sink = "bench.ceiling." + run;
        Map<String, Object> client =
                BenchKafka.operator(new java.util.HashMap<>(Map.of("bootstrap.servers", bootstrap)));
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(sink, java.util.Optional.of(3), java.util.Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.putAll(client);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-ceiling-" + run);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/bench-ceiling-" + run);
        p.put("auto.offset.reset", "earliest");
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        StreamsBuilder b = new StreamsBuilder();
        b.stream(Topics.QUALITY_RESULTS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .peek((k, v) -> {
                    long n = count.incrementAndGet();
                    if (n == 1) {
                        first.set(System.nanoTime());
                    }
                    if (n == wanted) {
                        last.set(System.nanoTime());
                    }
                })
                .to(sink, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        try (KafkaStreams streams = new KafkaStreams(b.build(), p)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (last.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            streams.close(Duration.ofSeconds(30));
        } finally {
            try (Admin admin = Admin.create(client)) {
                admin.deleteTopics(List.of(sink)).all().get(30, TimeUnit.SECONDS);
            }
        }
        if (last.get() == 0) {
            throw new IllegalStateException("only " + count.get() + " of " + wanted + " records within 10 minutes");
        }
        double seconds = (last.get() - first.get()) / 1e9;
        System.out.printf(
                "minimal Kafka Streams app (exactly-once v2, 1 thread, bytes copied): %d records in %.2f s = %.0f"
                        + " records/s%n",
                wanted, seconds, wanted / seconds);
    }
}
