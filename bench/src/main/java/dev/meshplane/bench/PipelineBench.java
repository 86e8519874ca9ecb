package dev.meshplane.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.PublicationClient;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.descriptor.OutputSchemas;
import dev.meshplane.events.v1.DecisionOutcome;

/**
 * Pipeline throughput, in two steps that bench/run-pipeline.sh runs around {@code mesh run}:
 *
 * <ul>
 *   <li>{@code prepare BOOTSTRAP REGISTRY N DIR}: an {@code orders_bench} table of N rows in PostgreSQL (database test),
 *       and the example orders product, renamed {@code sales/orders-bench} (published as the sales pipeline), published over it; writes DIR/dataproduct.yaml.
 *   <li>{@code ceiling BOOTSTRAP REGISTRY N DIR}: a plain producer (no transaction, no database) writing N records of
 *       the same schema and shape to the same topic with the same serializer and batching: the ceiling.
 * </ul>
 */
public final class PipelineBench {

    static final String DB = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        String registry = args[2];
        int n = Integer.parseInt(args[3]);
        Path dir = Path.of(args[4]);
        if (args[0].equals("prepare")) {
            prepare(bootstrap, registry, n, dir);
        } else {
            ceiling(bootstrap, registry, n, dir);
        }
    }

    private static void prepare(String bootstrap, String registry, int n, Path dir) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(DB);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders_bench");
            s.execute("CREATE TABLE orders_bench (order_id text PRIMARY KEY, customer_id text, customer_email text,"
                    + " amount numeric(12,2) NOT NULL, updated_at timestamptz NOT NULL)");
            s.execute("INSERT INTO orders_bench SELECT 'o' || i, 'c' || (i % 5000),"
                    + " CASE WHEN i % 10 = 0 THEN NULL ELSE 'customer' || (i % 5000) || '@example.com' END,"
                    + " 10 + (i % 50000) / 100.0, now() - interval '1 day' + i * interval '1 millisecond'"
                    + " FROM generate_series(1, " + n + ") AS i");
        }
        System.out.printf("table orders_bench: %,d rows in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        String yaml = Files.readString(Path.of("examples/sales/orders-daily-summary/dataproduct.yaml"))
                .replace("name: orders-daily-summary", "name: orders-bench")
                .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                .replace("FROM orders", "FROM orders_bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("dataproduct.yaml");
        Files.writeString(file, yaml);
        DataProduct product = DescriptorParser.parse(file).product().orElseThrow();
        try (PublicationClient client = new PublicationClient(bootstrap, registry, BenchKafka.pipeline())) {
            DecisionOutcome outcome = client.publish(
                            PublicationClient.request(product, "bench", file.toString()),
                            PublishBench.pipelineToken(PublishBench.LOCAL_TOKEN_URL),
                            Duration.ofSeconds(30))
                    .orElseThrow()
                    .getOutcome();
            System.out.println("sales/orders-bench published: " + outcome);
        }
    }

    private static void ceiling(String bootstrap, String registry, int n, Path dir) throws Exception {
        DataProduct product = DescriptorParser.parse(dir.resolve("dataproduct.yaml"))
                .product()
                .orElseThrow();
        Schema schema = OutputSchemas.of(product);
        Map<String, Object> p = BenchKafka.pipeline().applyTo(ClientConfigs.avroProducer(bootstrap, registry));
        // the runner's batching, without its transaction
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        long base = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            for (int i = 1; i <= n; i++) {
                GenericData.Record r = new GenericData.Record(schema);
                r.put("order_id", "o" + i);
                r.put("customer_id", "c" + (i % 5000));
                r.put("customer_email", i % 10 == 0 ? null : "customer" + (i % 5000) + "@example.com");
                r.put("amount", 10 + (i % 50000) / 100.0);
                r.put("updated_at", base + i);
                producer.send(new ProducerRecord<>("sales.orders-bench.v1", null, r));
            }
            producer.flush();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("plain producer (ceiling): %,d records in %.2f s = %,.0f records/s%n", n, s, n / s);
    }
}
