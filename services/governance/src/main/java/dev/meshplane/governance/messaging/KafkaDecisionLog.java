package dev.meshplane.governance.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;

import dev.meshplane.client.DeadLetters;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * The decision log on Kafka: one transaction per batch of requests (or per request) holds the records of their
 * outcomes ({@link DecisionRecords}) and the offsets of the batch ({@link KafkaTransactions#withTransaction(Message,
 * java.util.function.Function)} adds them), so products, decisions and progress commit together or not at all.
 *
 * <p>A failed transaction is aborted and SmallRye rewinds the consumer to the committed offsets; the caller tries the
 * same requests again, and the copies the rewind delivers later are known by their offsets ({@link #alreadyWritten}).
 * A transaction the broker refused for its records (too large) is not tried again as it was: the caller gets an
 * {@link UnwritableOutcomeException} and writes a smaller outcome.
 * After a success that followed a failure the consumer is rewound once more, because a rewind attempted during the
 * outage may have left its partitions paused. Transactions run on a thread of their own: SmallRye continues a
 * transaction on the Vert.x context it began on, and the worker context of the blocked caller runs one task at a time.
 */
@ApplicationScoped
public class KafkaDecisionLog implements DecisionLog {

    private static final Logger LOG = Logger.getLogger(KafkaDecisionLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CONSUMER_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTransactions<byte[]> transactions;
    private final KafkaClientService clients;
    private final DecisionRecords records;
    private final Map<TopicPartition, Long> nextOffsets = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "governance-decision-log");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean rewindNeeded;

    public KafkaDecisionLog(
            @Channel("decision-log") KafkaTransactions<byte[]> transactions,
            KafkaClientService clients,
            GovernanceConfig config) {
        this.transactions = transactions;
        this.clients = clients;
        this.records = new DecisionRecords(config.registryUrl(), config.deadLetterMaxBytes());
    }

    @Override
    public boolean alreadyWritten(Message<?> request) {
        return request.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(in -> in.getOffset() < nextOffsets.getOrDefault(partitionOf(in), 0L))
                .orElse(false);
    }

    @Override
    public boolean write(Message<?> request, Outcome outcome) {
        IncomingKafkaRecordMetadata<?, ?> in = metadataOf(request);
        return transact(
                request, in.getChannel(), in.getConsumerGroupGenerationId(), where(in), List.of(in), List.of(outcome));
    }

    @Override
    public boolean writeAll(Message<?> batch, List<? extends Message<?>> requests, List<Outcome> outcomes) {
        IncomingKafkaRecordBatchMetadata<?, ?> meta = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka batch: " + batch));
        List<IncomingKafkaRecordMetadata<?, ?>> ins = new ArrayList<>();
        requests.forEach(request -> ins.add(metadataOf(request)));
        String where = requests.size() + " requests up to " + meta.getOffsets();
        return transact(batch, meta.getChannel(), meta.getConsumerGroupGenerationId(), where, ins, outcomes);
    }

    /**
     * One transaction: the records of every outcome, and the offsets {@code offsetsOf} carries (a record's or a
     * batch's; {@link KafkaTransactions#withTransaction(Message, java.util.function.Function)} adds them).
     */
    private boolean transact(
            Message<?> offsetsOf,
            String channel,
            int generation,
            String where,
            List<IncomingKafkaRecordMetadata<?, ?>> ins,
            List<Outcome> outcomes) {
        List<Message<byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            batch.addAll(records.of(ins.get(i), outcomes.get(i)));
        }
        try {
            onWriter(() -> transactions
                    .withTransaction(offsetsOf, emitter -> {
                        batch.forEach(emitter::send);
                        return Uni.createFrom().voidItem();
                    })
                    .await()
                    .atMost(WRITE_TIMEOUT));
        } catch (RuntimeException e) {
            rewindNeeded = true;
            if (DeadLetters.refusedForContent(e)) {
                throw new UnwritableOutcomeException(
                        "the broker refused the outcome of " + where + " for its content: " + e, e);
            }
            if (movedAway(channel, generation)) {
                LOG.infof("%s is no longer ours after a rebalance: its owner decides it", where);
                return false;
            }
            throw new DependencyUnavailableException("the broker did not take the outcome of " + where + ": " + e, e);
        }
        ins.forEach(in -> nextOffsets.merge(partitionOf(in), in.getOffset() + 1, Math::max));
        if (rewindNeeded) {
            rewind(channel);
        }
        return true;
    }

    private static IncomingKafkaRecordMetadata<?, ?> metadataOf(Message<?> request) {
        return request.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka record: " + request));
    }

    /** True when a rebalance has given the channel's group a new generation since {@code generation} was read. */
    private boolean movedAway(String channel, int generation) {
        try {
            int now = onWriter(() -> clients.getConsumer(channel)
                    .consumerGroupMetadata()
                    .await()
                    .atMost(CONSUMER_TIMEOUT)
                    .generationId());
            return now != generation;
        } catch (RuntimeException e) {
            return false; // cannot tell while the broker is away: the caller tries again
        }
    }

    private void rewind(String channel) {
        try {
            onWriter(() -> clients.getConsumer(channel)
                    .resetToLastCommittedPositions()
                    .await()
                    .atMost(CONSUMER_TIMEOUT));
            rewindNeeded = false;
        } catch (RuntimeException e) {
            LOG.warnf("could not rewind %s to its committed offsets yet: %s", channel, e.getMessage());
        }
    }

    private <T> T onWriter(Callable<T> work) {
        Future<T> done = writer.submit(work);
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.cancel(true);
            throw new IllegalStateException("interrupted while writing the decision log", e);
        }
    }

    @PreDestroy
    void close() {
        writer.shutdownNow();
    }

    private static TopicPartition partitionOf(IncomingKafkaRecordMetadata<?, ?> in) {
        return new TopicPartition(in.getTopic(), in.getPartition());
    }

    private static String where(IncomingKafkaRecordMetadata<?, ?> in) {
        return in.getTopic() + "-" + in.getPartition() + "@" + in.getOffset();
    }
}
