package dev.meshplane.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;

import dev.meshplane.client.ClientConfigs;
import dev.meshplane.client.KafkaAuth;
import dev.meshplane.client.SkippingPoller;
import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.descriptor.EnvReferences;
import dev.meshplane.descriptor.OutputSchemas;
import dev.meshplane.events.v1.ColumnMetrics;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.FreshnessSignalled;
import dev.meshplane.events.v1.PipelineWatermark;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.topics.Topics;

/**
 * One run of a published product's pipeline: the source's rows since the watermark into the product's output topic
 * as records of its registered schema, then a quality result (rows, nulls per field), a freshness signal (the newest
 * cursor value, or the run's end) and the new watermark, all in one Kafka transaction. The quality result carries the
 * smallest and largest value of every numeric field too (for value_range checks). A run that fails part-way
 * aborts it: no output is visible to read-committed consumers and the watermark stays where it was. The transactional
 * id is per product, so a second run of the same product fences the first, and a killed run's open transaction is
 * aborted when the next one starts.
 */
public final class PipelineRun {

    /**
     * How to run: platform addresses, where to start when there is no watermark, how rows are fetched, and where to
     * report a progress line and a warning (an unreadable record on a platform topic, stepped over).
     */
    public record Options(
            String bootstrap,
            String registry,
            Instant since,
            int fetchSize,
            Function<String, String> env,
            Path baseDir,
            Consumer<Progress> progress,
            Consumer<String> warnings,
            KafkaAuth auth) {

        /** As the given pipeline authenticates to the broker. */
        public Options withAuth(KafkaAuth kafkaAuth) {
            return new Options(bootstrap, registry, since, fetchSize, env, baseDir, progress, warnings, kafkaAuth);
        }

        /** Warnings to the platform logger ({@link SkippingPoller#logWarnings()}), no broker authentication. */
        public Options(
                String bootstrap,
                String registry,
                Instant since,
                int fetchSize,
                Function<String, String> env,
                Path baseDir,
                Consumer<Progress> progress) {
            this(
                    bootstrap,
                    registry,
                    since,
                    fetchSize,
                    env,
                    baseDir,
                    progress,
                    SkippingPoller.logWarnings(),
                    KafkaAuth.none());
        }
    }

    /** Rows so far, for a progress line. */
    public record Progress(long rows, Duration elapsed) {}

    /** What a committed run did. */
    public record Summary(
            String productId,
            String runId,
            String outputTopic,
            long rows,
            Duration duration,
            Instant lastRunBefore,
            Instant watermark,
            Instant dataUpdatedAt,
            Map<String, Long> nulls,
            List<String> checks) {}

    private PipelineRun() {}

    public static Summary run(DataProduct product, Options o) {
        long t0 = System.nanoTime();
        String id = product.id().toString();
        DataProduct.Source source = product.spec().source();
        if (source == null || source.type() == null) {
            throw new PipelineException(
                    "spec.source is missing: declare type postgres (connection, query) or file" + " (path, format)");
        }
        String connection = source.type().equals("postgres") ? resolveConnection(source, o.env()) : null;

        DataProductPublished published = LatestByKey.read(o, Topics.PRODUCTS, id)
                .orElseThrow(() -> new PipelineException(id + " is not published: run mesh publish first"));
        DataProduct contract = DescriptorEvents.fromEvent(published.getDescriptor());
        Schema schema = OutputSchemas.of(contract);
        Schema local = OutputSchemas.of(product);
        if (!SchemaNormalization.toParsingForm(schema).equals(SchemaNormalization.toParsingForm(local))) {
            throw new PipelineException("the schema in this file differs from the published " + id + " "
                    + published.getVersion() + " (" + describe(schema, local) + "): publish this version first, or"
                    + " run the published descriptor");
        }
        Instant lastRun = LatestByKey.read(o, Topics.WATERMARKS, id)
                .map(PipelineWatermark::getLastRun)
                .orElse(o.since() != null ? o.since() : Instant.EPOCH);

        String runId = UUID.randomUUID().toString();
        try (RowSource rows = open(source, connection, lastRun, o)) {
            RowConverter converter = RowConverter.check(schema, rows.columns(), source.cursor());
            try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig(o, id))) {
                producer.initTransactions(); // fences an earlier run of this product and aborts what it left open
                producer.beginTransaction();
                try {
                    long nextProgress = System.nanoTime() + 1_000_000_000L;
                    while (rows.next()) {
                        GenericRecord record = converter.convert(rows);
                        Instant cursor = converter.rowCursor();
                        if (cursor != null && !cursor.isAfter(lastRun)) {
                            continue; // a file source has no :last_run: already copied by an earlier run
                        }
                        producer.send(new ProducerRecord<>(published.getOutputTopic(), null, record));
                        converter.accept(record);
                        if ((converter.rows() & 1023) == 0 && System.nanoTime() > nextProgress) {
                            o.progress()
                                    .accept(new Progress(converter.rows(), Duration.ofNanos(System.nanoTime() - t0)));
                            nextProgress = System.nanoTime() + 1_000_000_000L;
                        }
                    }
                    Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    Instant watermark = converter.maxCursor() == null
                                    || !converter.maxCursor().isAfter(lastRun)
                            ? lastRun
                            : converter.maxCursor();
                    Instant dataUpdatedAt = converter.maxCursor() == null ? end : watermark;
                    Map<String, Long> nulls = new LinkedHashMap<>();
                    List<ColumnMetrics> metrics = new ArrayList<>();
                    for (Schema.Field f : converter.fields()) {
                        nulls.put(f.name(), converter.nulls(f.pos()));
                        metrics.add(new ColumnMetrics(
                                f.name(),
                                converter.nulls(f.pos()),
                                null,
                                converter.min(f.pos()),
                                converter.max(f.pos())));
                    }
                    producer.send(new ProducerRecord<>(
                            Topics.QUALITY_RESULTS.name(),
                            id,
                            QualityResultReported.newBuilder()
                                    .setProductId(id)
                                    .setRunId(runId)
                                    .setObservedAt(end)
                                    .setRowCount(converter.rows())
                                    .setColumns(metrics)
                                    .setProductVersion(published.getVersion())
                                    .build()));
                    producer.send(new ProducerRecord<>(
                            Topics.FRESHNESS_SIGNALS.name(),
                            id,
                            FreshnessSignalled.newBuilder()
                                    .setProductId(id)
                                    .setDataUpdatedAt(dataUpdatedAt)
                                    .setRunId(runId)
                                    .setEmittedAt(end)
                                    .build()));
                    producer.send(new ProducerRecord<>(
                            Topics.WATERMARKS.name(),
                            id,
                            PipelineWatermark.newBuilder()
                                    .setProductId(id)
                                    .setLastRun(watermark)
                                    .setRunId(runId)
                                    .setRows(converter.rows())
                                    .setCommittedAt(end)
                                    .build()));
                    producer.commitTransaction();
                    return new Summary(
                            id,
                            runId,
                            published.getOutputTopic(),
                            converter.rows(),
                            Duration.ofNanos(System.nanoTime() - t0),
                            lastRun,
                            watermark,
                            dataUpdatedAt,
                            nulls,
                            checks(contract));
                } catch (RuntimeException e) {
                    abort(producer);
                    throw e;
                } catch (Exception e) {
                    abort(producer);
                    String message = "reading the source failed at " + rows.position() + ": " + e.getMessage();
                    throw PipelineException.isTransient(e)
                            ? PipelineException.retryable(message, e)
                            : new PipelineException(message, e);
                }
            } catch (ProducerFencedException e) {
                throw PipelineException.retryable(
                        "another mesh run of " + id + " started and took over (a product's runs are serialized);"
                                + " nothing of this run is visible",
                        e);
            } catch (AuthorizationException e) {
                throw new PipelineException(
                        "the broker refused this run (" + e.getMessage() + "): a domain's products are written by its"
                                + " pipeline's account (MESH_CLIENT_ID=pipeline-"
                                + product.id().domain()
                                + " and its MESH_CLIENT_SECRET); nothing of this run is visible",
                        e);
            } catch (KafkaException e) {
                String message = "writing to Kafka failed, nothing of this run is visible: " + e.getMessage();
                throw PipelineException.isTransient(e)
                        ? PipelineException.retryable(message, e)
                        : new PipelineException(message, e);
            }
        } catch (PipelineException e) {
            throw e;
        } catch (Exception e) {
            throw new PipelineException("the source could not be closed: " + e.getMessage(), e);
        }
    }

    private static String resolveConnection(DataProduct.Source source, Function<String, String> env) {
        if (source.connection() == null) {
            throw new PipelineException(
                    "spec.source.connection is missing: name an environment variable, e.g." + " ${ORDERS_DB_URI}");
        }
        try {
            return EnvReferences.resolve(source.connection(), "spec.source.connection", env);
        } catch (EnvReferences.MissingVariableException e) {
            throw new PipelineException(e.getMessage());
        }
    }

    private static RowSource open(DataProduct.Source source, String connection, Instant lastRun, Options o) {
        return switch (source.type()) {
            case "postgres" -> {
                if (source.query() == null) {
                    throw new PipelineException("spec.source.query is missing: e.g. SELECT * FROM orders WHERE"
                            + " updated_at > :last_run");
                }
                yield JdbcSource.open(connection, source.query(), lastRun, o.fetchSize());
            }
            case "file" -> {
                if (source.path() == null) {
                    throw new PipelineException("spec.source.path is missing: the CSV or JSON lines file to read");
                }
                yield FileSource.open(o.baseDir().resolve(source.path()), source.format());
            }
            default ->
                throw new PipelineException(
                        "spec.source.type: " + source.type() + " cannot be run: use postgres or file");
        };
    }

    private static Map<String, Object> producerConfig(Options o, String productId) {
        Map<String, Object> p = o.auth().applyTo(ClientConfigs.avroProducer(o.bootstrap(), o.registry()));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mesh-run-" + productId);
        // A run is one transaction: up to the broker's default maximum.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                Duration.ofMinutes(15).toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return p;
    }

    private static void abort(KafkaProducer<String, Object> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // fenced or broker gone: the transaction times out and is aborted by the broker
        }
    }

    private static List<String> checks(DataProduct p) {
        List<String> out = new ArrayList<>();
        for (DataProduct.QualityCheck c : p.spec().checks()) {
            out.add(c.type()
                    + (c.column() == null ? "" : " " + c.column())
                    + (c.threshold() == null ? "" : " threshold " + c.threshold())
                    + (c.min() == null ? "" : " min " + c.min())
                    + (c.max() == null ? "" : " max " + c.max()));
        }
        if (p.spec().freshness() != null) {
            out.add("freshness target " + p.spec().freshness().target() + ", alert after "
                    + p.spec().freshness().alertAfter());
        }
        return out;
    }

    private static String describe(Schema published, Schema local) {
        List<String> differences = new ArrayList<>();
        for (Schema.Field f : local.getFields()) {
            Schema.Field p = published.getField(f.name());
            if (p == null) {
                differences.add(f.name() + " is not in the published schema");
            } else if (!SchemaNormalization.toParsingForm(p.schema())
                    .equals(SchemaNormalization.toParsingForm(f.schema()))) {
                differences.add(f.name() + " has another type");
            }
        }
        for (Schema.Field p : published.getFields()) {
            if (local.getField(p.name()) == null) {
                differences.add(p.name() + " is missing here");
            }
        }
        return differences.isEmpty() ? "field order differs" : String.join(", ", differences);
    }
}
