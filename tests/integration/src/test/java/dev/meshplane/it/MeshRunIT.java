package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorParser;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PipelineWatermark;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.fixtures.Fixtures;
import dev.meshplane.launcher.PlatformService;
import dev.meshplane.pipeline.PipelineException;
import dev.meshplane.pipeline.PipelineRun;
import dev.meshplane.testing.IdentityProvider;
import dev.meshplane.testing.TestPlatform;
import dev.meshplane.topics.Topics;

/**
 * {@code mesh run} on the real PostgreSQL (127.0.0.1:5432, database test), broker and registry, with governance and
 * quality running: the example orders product over a table of its own. In order: a first run, an incremental run, a
 * run killed mid-way and its rerun, then the runs that must fail and write nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshRunIT {

    private static final String PRODUCT = "sales/orders-daily-summary";
    private static final String OUTPUT = "sales.orders-daily-summary.v1";
    private static final String TABLE =
            "orders_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final Map<String, String> ENV = Map.of("ORDERS_DB_URI", DB);

    private static TestPlatform platform;
    private static IdentityProvider identity;
    private static Path descriptor;
    private static DataProduct product;

    @BeforeAll
    static void start() throws Exception {
        sql("CREATE TABLE " + TABLE + " (order_id text PRIMARY KEY, customer_id text, customer_email text,"
                + " amount numeric(12,2) NOT NULL, updated_at timestamptz NOT NULL)");
        platform = TestPlatform.startSecured(); // runs write as the sales pipeline's account, under the ACLs
        identity = platform.startIdentity();
        platform.startGovernance();
        platform.startService(
                PlatformService.QUALITY,
                Map.of(
                        "kafka-streams.state.dir",
                        Files.createTempDirectory("quality-run-it").toString()));
        String yaml = Fixtures.example("sales/orders-daily-summary")
                .replace("  inputs:\n    - product: customers/customer-profile\n", "")
                .replace("FROM orders", "FROM " + TABLE);
        descriptor = Files.createTempDirectory("run-it").resolve("dataproduct.yaml");
        Files.writeString(descriptor, yaml);
        product = DescriptorParser.parse(descriptor).product().orElseThrow();
        assertThat(platform.publish(yaml).getOutcome()).isEqualTo(DecisionOutcome.ACCEPTED);
    }

    @AfterAll
    static void stop() throws SQLException {
        if (platform != null) {
            platform.close();
        }
        sql("DROP TABLE IF EXISTS " + TABLE);
    }

    /** 500 orders, every fifth without a customer: 20 % nulls against the declared null_rate threshold of 1 %. */
    @Test
    @Order(1)
    void theFirstRunCopiesTheTableAndReportsItsCountsAndTheNullHeavyColumnFires() throws Exception {
        insert(1, 500, 5);
        PipelineRun.Summary s = run(ENV::get);
        assertThat(s.rows()).isEqualTo(500);
        assertThat(s.nulls()).containsEntry("customer_id", 100L).containsEntry("order_id", 0L);
        assertThat(committed(OUTPUT)).isEqualTo(500);

        QualityResultReported result = latest(Topics.QUALITY_RESULTS.name(), QualityResultReported.class)
                .orElseThrow();
        assertThat(result.getRunId()).isEqualTo(s.runId());
        assertThat(result.getRowCount()).isEqualTo(500);
        assertThat(result.getColumns())
                .filteredOn(c -> c.getName().equals("customer_id"))
                .singleElement()
                .satisfies(c -> assertThat(c.getNullCount()).isEqualTo(100));
        assertThat(latest(Topics.WATERMARKS.name(), PipelineWatermark.class)
                        .orElseThrow()
                        .getLastRun())
                .isEqualTo(minute(500));

        try (KafkaConsumer<String, AlertStateChanged> alerts = platform.subscriber(Topics.QUALITY_ALERTS)) {
            List<AlertStateChanged> seen = new ArrayList<>();
            TestPlatform.awaitValues(alerts, seen, 1, Duration.ofSeconds(60));
            assertThat(seen).singleElement().satisfies(a -> {
                assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                assertThat(a.getAlertId()).isEqualTo(PRODUCT + "#null_rate:customer_id");
            });
        }
    }

    @Test
    @Order(2)
    void theNextRunCopiesOnlyTheNewRows() throws Exception {
        insert(501, 550, 0);
        PipelineRun.Summary s = run(ENV::get);
        assertThat(s.rows()).isEqualTo(50);
        assertThat(s.lastRunBefore()).isEqualTo(minute(500));
        assertThat(s.watermark()).isEqualTo(minute(550));
        assertThat(committed(OUTPUT)).isEqualTo(550);
    }

    @Test
    @Order(3)
    void aRunKilledMidWayLeavesNothingVisibleAndTheRerunCompletesExactly() throws Exception {
        insert(551, 200_550, 0);
        long written = uncommittedEnd(OUTPUT);
        ProcessBuilder pb = cli().redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("killed-run", ".log").toFile());
        pb.environment().put("ORDERS_DB_URI", DB);
        Process run = pb.start();
        // Kill it once it has written output (in its open transaction), long before 200,000 rows.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> uncommittedEnd(OUTPUT) > written + 1000);
        run.destroyForcibly().waitFor();

        assertThat(committed(OUTPUT)).isEqualTo(550);
        assertThat(latest(Topics.WATERMARKS.name(), PipelineWatermark.class)
                        .orElseThrow()
                        .getLastRun())
                .isEqualTo(minute(550));

        PipelineRun.Summary s = run(ENV::get); // fences the killed run's transaction and starts where it was
        assertThat(s.rows()).isEqualTo(200_000);
        assertThat(committed(OUTPUT)).isEqualTo(200_550);
        assertThat(s.watermark()).isEqualTo(minute(200_550));
    }

    @Test
    @Order(4)
    void aMissingVariableAWrongLoginAndASchemaMismatchEachFailClearlyAndWriteNothing() throws Exception {
        insert(200_551, 200_560, 0);
        long before = uncommittedEnd(OUTPUT);

        // Through the CLI, as a user runs it: the variable is named, its value never printed.
        ProcessBuilder withoutVariable = cli().redirectErrorStream(true);
        withoutVariable.environment().remove("ORDERS_DB_URI");
        Process cli = withoutVariable.start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).isEqualTo(1);
        assertThat(output)
                .contains("environment variable ORDERS_DB_URI referenced by spec.source.connection is not set");

        // This machine's PostgreSQL trusts local logins, so a wrong password cannot fail here: an unknown role does.
        Map<String, String> wrongLogin = new HashMap<>(ENV);
        wrongLogin.put("ORDERS_DB_URI", "postgresql://nobody:wrong-secret@127.0.0.1:5432/test");
        assertThatThrownBy(() -> run(wrongLogin::get))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("could not connect to the source database")
                .hasMessageContaining("nobody")
                .hasMessageNotContaining("wrong-secret");

        Path changed = descriptor.resolveSibling("changed.yaml");
        Files.writeString(
                changed,
                Files.readString(descriptor)
                        .replace("{name: amount,         type: double", "{name: amount,         type: string"));
        DataProduct mismatched = DescriptorParser.parse(changed).product().orElseThrow();
        assertThatThrownBy(() -> PipelineRun.run(mismatched, options(ENV::get)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("differs from the published " + PRODUCT)
                .hasMessageContaining("amount has another type");

        assertThat(uncommittedEnd(OUTPUT)).isEqualTo(before);
        assertThat(latest(Topics.WATERMARKS.name(), PipelineWatermark.class)
                        .orElseThrow()
                        .getLastRun())
                .isEqualTo(minute(200_550));
    }

    /** {@code mesh run} on the test descriptor as a separate process, the way a user starts it. */
    private static ProcessBuilder cliCommand() {
        return new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                TestPlatform.repositoryRoot().resolve("cli/target/mesh.jar").toString(),
                "dev.meshplane.cli.MeshCli",
                "run",
                descriptor.toString(),
                "--bootstrap",
                platform.bootstrap(),
                "--registry",
                platform.registryUrl());
    }

    /** The CLI as the sales pipeline runs it: its client credentials from the environment (docs/cli-login.md). */
    private static ProcessBuilder cli() {
        ProcessBuilder pb = cliCommand();
        pb.environment().keySet().removeIf(k -> k.startsWith("MESH_"));
        pb.environment().put("MESH_ISSUER", identity.issuer());
        pb.environment().put("MESH_CLIENT_ID", "pipeline-sales");
        pb.environment().put("MESH_CLIENT_SECRET", "pipeline-sales-local-secret");
        return pb;
    }

    private static PipelineRun.Summary run(Function<String, String> env) {
        return PipelineRun.run(product, options(env));
    }

    private static PipelineRun.Options options(Function<String, String> env) {
        return new PipelineRun.Options(
                        platform.bootstrap(), platform.registryUrl(), null, 1000, env, descriptor.getParent(), p -> {})
                .withAuth(
                        KafkaAuth.bearer(() -> identity.clientToken("pipeline-sales", "pipeline-sales-local-secret")));
    }

    /** Orders {@code from..to}, order i updated at {@link #minute}(i); every {@code nullEvery}-th has no customer. */
    private static void insert(int from, int to, int nullEvery) throws SQLException {
        sql("INSERT INTO " + TABLE + " SELECT 'o' || i, CASE WHEN " + nullEvery + " > 0 AND i % "
                + Math.max(1, nullEvery) + " = 0 THEN NULL ELSE 'c' || (i % 40) END, 'x' || i || '@example.com',"
                + " 10 + i % 100, timestamptz '2026-11-01 00:00:00.000123+00' + i * interval '1 minute'"
                + " FROM generate_series(" + from + ", " + to + ") AS i");
    }

    /** Order i's update time: minute i and 123 microseconds, so a watermark kept in millis would re-read rows. */
    private static Instant minute(int i) {
        return Instant.parse("2026-11-01T00:00:00.000123Z").plus(Duration.ofMinutes(i));
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(DB);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Records a read-committed consumer sees on {@code topic}. */
    private static long committed(String topic) {
        Map<String, Object> c = bytes();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return count(topic, c);
    }

    /** The topic's end offsets summed as a read-uncommitted consumer sees them: anything written, even aborted. */
    private static long uncommittedEnd(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(bytes())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return consumer.endOffsets(parts).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static long count(String topic, Map<String, Object> config) {
        long[] n = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            readToEnd(consumer, topic, r -> n[0]++);
        }
        return n[0];
    }

    private static <V> Optional<V> latest(String topic, Class<V> type) {
        List<V> last = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(platform.harnessAuth()
                .applyTo(ClientConfigs.avroConsumer(platform.harnessBootstrap(), platform.registryUrl(), null)))) {
            readToEnd(consumer, topic, r -> {
                if (PRODUCT.equals(r.key()) && type.isInstance(r.value())) {
                    last.add(r.value());
                }
            });
        }
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(last.size() - 1));
    }

    /** Every partition of {@code topic} from the beginning to its end as the consumer's isolation level sees it. */
    private static <K, V> void readToEnd(
            KafkaConsumer<K, V> consumer, String topic, java.util.function.Consumer<ConsumerRecord<K, V>> each) {
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }

    private static Map<String, Object> bytes() {
        Map<String, Object> c = platform.harnessClient();
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }
}
