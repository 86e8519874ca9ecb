package dev.meshplane.quality.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.quality.domain.CheckEvaluator;
import dev.meshplane.quality.domain.ProductChecks;
import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.streams.Alerts;
import dev.meshplane.streams.EventRuleStep;
import dev.meshplane.streams.RuleDeadLetters;
import dev.meshplane.topics.Topics;

/**
 * Quality results in, check outcomes and alerts out. The published products (their checks, owner and on-call), each
 * product's kept runs (one small record per run, so a result writes a few bytes however long the history is) and its
 * failing checks live in three stores keyed by product id like the input topics, so one task owns a product's whole
 * state. Run under exactly-once v2: an outcome, an alert and the state change that caused them commit together.
 *
 * <p>Every event is checked against its rules first ({@link EventRuleStep}); one that breaks a rule goes to
 * {@code mesh.deadletter} with the rule id and changes nothing, committed with the same transaction.
 */
public final class QualityTopology {

    /**
     * The layout version of this topology's state (its stores and their serialized values). Raise it with a change a
     * replica cannot read old state with: each replica then sets its old folder aside once and rebuilds its stores from
     * their changelogs (libs/streams {@code StateFolder}).
     */
    public static final int STATE_LAYOUT = 1;

    public static final String PRODUCTS_STORE = "quality-products";
    /** One record per kept run: key product id NUL run id, value {observedAt, rowCount}. */
    public static final String RUNS_STORE = "quality-runs";
    /** Per product: the checks currently failing and since when (event time). */
    public static final String FAILING_STORE = "quality-failing";
    /** Runs are kept this long for baselines (the longest window a check may declare). */
    static final Duration KEEP = Duration.ofDays(35);

    private static final Logger LOG = Logger.getLogger(QualityTopology.class);

    private QualityTopology() {}

    /** The serdes of the events and the product store; tests pass registry-free ones. */
    public record EventSerdes(
            Serde<DataProductPublished> products,
            Serde<QualityResultReported> results,
            Serde<CheckEvaluated> checks,
            Serde<AlertStateChanged> alerts,
            Serde<ProductChecks> productChecks) {}

    /**
     * @param cachedRuns how many runs, over all products, the instance keeps as objects beside the stores (~180 bytes
     *     of heap each); the least recently evaluated products beyond it are read from the stores when their next run
     *     comes
     * @param window how far an event time may lie from when its record was written
     */
    public static Topology build(EventSerdes s, int minBaselineRuns, long cachedRuns, EventTimeWindow window) {
        Topology t = new Topology();
        StateCache cache = new StateCache(cachedRuns);
        t.addSource("products", Serdes.String().deserializer(), s.products().deserializer(), Topics.PRODUCTS.name());
        t.addSource(
                "results", Serdes.String().deserializer(), s.results().deserializer(), Topics.QUALITY_RESULTS.name());
        // Events that break a rule (a negative row count, more nulls than rows, a year-9999 run) go to the dead
        // letters and never reach the stores: one bad result must not fire alerts or empty a baseline.
        EventRuleStep.addTo(t, "check-products", "products", window, "evaluate");
        EventRuleStep.addTo(t, "check-results", "results", window, "evaluate");
        RuleDeadLetters.addSink(t, "check-products", "check-results");
        // One node reads both topics, so it can keep both stores' current objects in memory (see Evaluate).
        t.addProcessor(
                "evaluate",
                () -> new Evaluate(new CheckEvaluator(minBaselineRuns), cache),
                "check-products",
                "check-results");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PRODUCTS_STORE), Serdes.String(), s.productChecks()),
                "evaluate");
        // No record cache on the runs: every run is a new key, so there is nothing to coalesce and the cache would
        // only sort and copy each run once more at commit.
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(RUNS_STORE), Serdes.String(), QualityStateSerde.runs()),
                "evaluate");
        // Caching coalesces a product's repeated alert-state updates between commits before they reach the changelog.
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(FAILING_STORE),
                                Serdes.String(),
                                QualityStateSerde.failing())
                        .withCachingEnabled(),
                "evaluate");
        t.addSink(
                "checks",
                Topics.QUALITY_CHECKS.name(),
                Serdes.String().serializer(),
                s.checks().serializer(),
                "evaluate");
        t.addSink(
                "alerts",
                Topics.QUALITY_ALERTS.name(),
                Serdes.String().serializer(),
                s.alerts().serializer(),
                "evaluate");
        return t;
    }

    /** A product's state from the stores: its kept runs (one prefix scan) and its failing checks. */
    public static QualityState load(
            String productId,
            ReadOnlyKeyValueStore<String, long[]> runs,
            ReadOnlyKeyValueStore<String, Map<String, Long>> failing) {
        QualityState state = new QualityState();
        try (KeyValueIterator<String, long[]> it =
                runs.prefixScan(QualityStateSerde.runPrefix(productId), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, long[]> kv = it.next();
                state.add(new QualityState.Run(QualityStateSerde.runIdOf(kv.key), kv.value[0], kv.value[1]));
            }
        }
        Map<String, Long> failingNow = failing.get(productId);
        if (failingNow != null) {
            state.failing.putAll(failingNow);
        }
        return state;
    }

    /**
     * Remembers each published product's latest checks (a new version's checks apply from the next run) and evaluates
     * each run: outcomes for every declared check, alerts on state changes only, then the run joins the baseline.
     *
     * <p>Both stores are written through on every change, so the changelog and the outcomes commit together; the
     * products map (per task) and the {@link StateCache} (per instance, bounded by runs) hold the same values as
     * objects, so a run costs no store read or deserialization. Both are refilled from the stores after a restart,
     * rebalance or aborted transaction ({@link #init} empties what the task held).
     */
    static final class Evaluate implements Processor<String, SpecificRecord, String, Object> {
        private final CheckEvaluator evaluator;
        private final Map<String, ProductChecks> productCache = new HashMap<>();
        private final StateCache stateCache;
        private ProcessorContext<String, Object> context;
        private TaskId task;
        private KeyValueStore<String, ProductChecks> products;
        private KeyValueStore<String, long[]> runs;
        private KeyValueStore<String, Map<String, Long>> failing;

        Evaluate(CheckEvaluator evaluator, StateCache stateCache) {
            this.evaluator = evaluator;
            this.stateCache = stateCache;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.task = context.taskId();
            this.products = context.getStateStore(PRODUCTS_STORE);
            this.runs = context.getStateStore(RUNS_STORE);
            this.failing = context.getStateStore(FAILING_STORE);
            // A task revived after an aborted transaction re-initializes the same instance: start from the stores.
            productCache.clear();
            stateCache.clear(task);
        }

        /** The task closes (rebalanced away, or the service stops): its products' runs leave the shared cache now. */
        @Override
        public void close() {
            stateCache.clear(task);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            if (record.value() instanceof DataProductPublished published) {
                remember(record.key(), published);
            } else if (record.value() instanceof QualityResultReported run) {
                evaluate(record, run);
            }
        }

        private void remember(String productId, DataProductPublished published) {
            DataProduct p = DescriptorEvents.fromEvent(published.getDescriptor());
            ProductChecks checks = new ProductChecks(
                    productId,
                    published.getVersion(),
                    p.metadata().owner(),
                    p.metadata().oncall(),
                    p.spec().checks());
            products.put(productId, checks);
            productCache.put(productId, checks);
        }

        private void evaluate(Record<String, SpecificRecord> record, QualityResultReported run) {
            ProductChecks product = productCache.computeIfAbsent(record.key(), products::get);
            if (product == null) {
                LOG.warnf(
                        "quality result %s for %s, which is not a published product: ignored",
                        run.getRunId(), record.key());
                return;
            }
            QualityState state = stateCache.get(task, record.key(), id -> load(id, runs, failing));
            if (state.seen(run.getRunId())) {
                return; // redelivered run: the baseline must not count it twice
            }
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            for (CheckEvaluator.Outcome o : evaluator.evaluate(product.checks(), run, state)) {
                context.forward(
                        record.withValue((Object) CheckEvaluated.newBuilder()
                                .setProductId(record.key())
                                .setRunId(run.getRunId())
                                .setCheckId(o.checkId())
                                .setCheckType(o.type())
                                .setColumn(o.column())
                                .setStatus(o.status())
                                .setObserved(o.observed())
                                .setExpected(o.expected())
                                .setThreshold(o.threshold())
                                .setReason(o.reason())
                                .setObservedAt(run.getObservedAt())
                                .setEvaluatedAt(now)
                                .build()),
                        "checks");
                alertOnChange(record, product, state, o, run, now);
            }
            long observedAt = run.getObservedAt().toEpochMilli();
            int before = state.size();
            state.add(new QualityState.Run(run.getRunId(), observedAt, run.getRowCount()));
            runs.put(
                    QualityStateSerde.runKey(record.key(), run.getRunId()), new long[] {observedAt, run.getRowCount()});
            for (QualityState.Run old : state.prune(KEEP.toMillis())) {
                // put(key, null) deletes without reading the old value first, as delete(key) would
                runs.put(QualityStateSerde.runKey(record.key(), old.runId()), null);
            }
            stateCache.resized(record.key(), state, state.size() - before);
        }

        private void alertOnChange(
                Record<String, SpecificRecord> record,
                ProductChecks product,
                QualityState state,
                CheckEvaluator.Outcome o,
                QualityResultReported run,
                Instant now) {
            boolean wasFailing = state.failing.containsKey(o.checkId());
            AlertState change = null;
            if (o.status() == CheckStatus.FAIL && !wasFailing) {
                state.failing.put(o.checkId(), run.getObservedAt().toEpochMilli());
                change = AlertState.FIRING;
            } else if (o.status() == CheckStatus.PASS && wasFailing) {
                state.failing.remove(o.checkId());
                change = AlertState.RESOLVED;
            }
            if (change == null) {
                return;
            }
            failing.put(product.productId(), new LinkedHashMap<>(state.failing));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("runId", run.getRunId());
            if (o.observed() != null) {
                details.put("observed", o.observed().toString());
            }
            if (o.expected() != null) {
                details.put("expected", o.expected().toString());
            }
            if (o.threshold() != null) {
                details.put("threshold", o.threshold().toString());
            }
            String summary = change == AlertState.FIRING
                    ? product.productId() + ": " + o.checkId() + " failing: " + o.reason()
                    : product.productId() + ": " + o.checkId() + " passes again";
            context.forward(
                    record.withValue(
                            (Object) Alerts.quality(product.productId(), o.checkId(), product.owner(), product.oncall())
                                    .changed(change, summary, now, details)),
                    "alerts");
        }
    }
}
