package dev.meshplane.quality.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.AlertKind;
import dev.meshplane.events.v1.AlertState;
import dev.meshplane.events.v1.AlertStateChanged;
import dev.meshplane.events.v1.CheckEvaluated;
import dev.meshplane.events.v1.CheckStatus;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.QualityResultReported;
import dev.meshplane.quality.domain.CheckEvaluator;
import dev.meshplane.quality.domain.ProductChecks;
import dev.meshplane.quality.domain.QualityState;
import dev.meshplane.topics.Topics;

/**
 * Quality results in, check outcomes and alerts out. The published products (their checks, owner and on-call) and
 * each product's run history and failing checks live in two stores, both keyed by product id like the input topics,
 * so one task owns a product's whole state. Run under exactly-once v2: an outcome, an alert and the state change
 * that caused them commit together.
 */
public final class QualityTopology {

    public static final String PRODUCTS_STORE = "quality-products";
    public static final String STATE_STORE = "quality-state";
    /** Runs are kept this long for baselines (the longest window a check may declare). */
    static final Duration KEEP = Duration.ofDays(35);

    private static final Logger LOG = Logger.getLogger(QualityTopology.class);

    private QualityTopology() {}

    /** The serdes the topology needs; tests pass registry-free ones. */
    public record Serdes4(
            Serde<DataProductPublished> products,
            Serde<QualityResultReported> results,
            Serde<CheckEvaluated> checks,
            Serde<AlertStateChanged> alerts,
            Serde<ProductChecks> productChecks,
            Serde<QualityState> state) {}

    public static Topology build(Serdes4 s, int minBaselineRuns) {
        Topology t = new Topology();
        t.addSource("products", Serdes.String().deserializer(), s.products().deserializer(), Topics.PRODUCTS.name());
        t.addProcessor("remember-products", RememberProducts::new, "products");
        t.addSource(
                "results", Serdes.String().deserializer(), s.results().deserializer(), Topics.QUALITY_RESULTS.name());
        t.addProcessor("evaluate", () -> new Evaluate(new CheckEvaluator(minBaselineRuns)), "results");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PRODUCTS_STORE), Serdes.String(), s.productChecks()),
                "remember-products",
                "evaluate");
        // Caching coalesces a product's repeated updates between commits before they reach the changelog.
        t.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), s.state())
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

    /** Keeps each published product's latest checks: a new version's checks apply from the next run. */
    static final class RememberProducts implements Processor<String, DataProductPublished, Void, Void> {
        private KeyValueStore<String, ProductChecks> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(PRODUCTS_STORE);
        }

        @Override
        public void process(Record<String, DataProductPublished> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            DataProduct p = DescriptorEvents.fromEvent(record.value().getDescriptor());
            store.put(
                    record.key(),
                    new ProductChecks(
                            record.key(),
                            record.value().getVersion(),
                            p.metadata().owner(),
                            p.metadata().oncall(),
                            p.spec().checks()));
        }
    }

    /** Evaluates one run: outcomes for every declared check, alerts on state changes only, then remembers the run. */
    static final class Evaluate implements Processor<String, QualityResultReported, String, Object> {
        private final CheckEvaluator evaluator;
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, ProductChecks> products;
        private KeyValueStore<String, QualityState> states;

        Evaluate(CheckEvaluator evaluator) {
            this.evaluator = evaluator;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.products = context.getStateStore(PRODUCTS_STORE);
            this.states = context.getStateStore(STATE_STORE);
        }

        @Override
        public void process(Record<String, QualityResultReported> record) {
            QualityResultReported run = record.value();
            if (record.key() == null || run == null) {
                return;
            }
            ProductChecks product = products.get(record.key());
            if (product == null) {
                LOG.warnf(
                        "quality result %s for %s, which is not a published product: ignored",
                        run.getRunId(), record.key());
                return;
            }
            QualityState state = states.get(record.key());
            if (state == null) {
                state = new QualityState();
            }
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
            state.add(new QualityState.Run(run.getRunId(), run.getObservedAt().toEpochMilli(), run.getRowCount()));
            state.prune(KEEP.toMillis());
            states.put(record.key(), state);
        }

        private void alertOnChange(
                Record<String, QualityResultReported> record,
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
                    record.withValue((Object) AlertStateChanged.newBuilder()
                            .setAlertId(product.productId() + "#" + o.checkId())
                            .setProductId(product.productId())
                            .setKind(AlertKind.QUALITY)
                            .setState(change)
                            .setSummary(summary)
                            .setOwner(product.owner())
                            .setOncall(product.oncall())
                            .setCheckId(o.checkId())
                            .setChangedAt(now)
                            .setDetails(details)
                            .build()),
                    "alerts");
        }
    }
}
