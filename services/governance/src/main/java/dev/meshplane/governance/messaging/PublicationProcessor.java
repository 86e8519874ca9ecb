package dev.meshplane.governance.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.rules.EventRules;
import dev.meshplane.events.rules.EventTimeWindow;
import dev.meshplane.events.rules.Violation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.governance.config.GovernanceConfig;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.PublicationDecider;
import dev.meshplane.governance.domain.Publisher;
import dev.meshplane.governance.domain.UndecidableRequestException;
import dev.meshplane.governance.identity.PublisherVerifier;

/**
 * Publication requests in, decisions (and accepted products) out. Requests come in batches (what one poll returned); a
 * batch's requests are decided in parallel, different products at once, each product's versions in order, and a request
 * after the requests that publish its inputs ({@link #decideAll}); the outcomes are those of deciding them one at a
 * time. Every batch ends in one {@link DecisionLog} write with its offsets, holding each request's outcome: a decision,
 * a dead letter, or a skip. A registry or broker outage holds the request and is waited out ({@link Retries}); only a
 * request that can never be decided (its descriptor names another product, a dependency refuses its content, the
 * descriptor cannot be mapped) is dead-lettered, with the reason. A request id already decided is skipped
 * ({@link DecidedRequests}). A record that cannot be deserialized arrives empty and is dead-lettered with its original
 * bytes ({@link DeadLetterOnFailure}). A request that breaks an event rule ({@link EventRules}: an empty key or request
 * id, a key that is not its product id, a request time far from when it was written) is dead-lettered with the rules'
 * ids and messages before anything is decided. An outcome the broker refuses for its size is replaced by a smaller one
 * ({@link #smaller}), so no record stops the processor. The publisher is who the request's credential names
 * ({@link PublisherVerifier}); one outside the product's owning team is rejected with the other violations.
 */
@ApplicationScoped
public class PublicationProcessor {

    private static final Logger LOG = Logger.getLogger(PublicationProcessor.class);

    private final PublicationDecider decider;
    private final PublishedProducts published;
    private final DecidedRequests decided;
    private final DecisionLog log;
    private final Retries retries;
    private final EventRules rules;
    private final PublisherVerifier publishers;
    private final ExecutorService deciders;

    public PublicationProcessor(
            PublicationDecider decider,
            PublisherVerifier publishers,
            PublishedProducts published,
            DecidedRequests decided,
            DecisionLog log,
            Retries retries,
            GovernanceConfig config) {
        this.decider = decider;
        this.publishers = publishers;
        this.published = published;
        this.decided = decided;
        this.log = log;
        this.retries = retries;
        AtomicInteger threads = new AtomicInteger();
        this.deciders = Executors.newFixedThreadPool(config.decideParallelism(), task -> {
            Thread thread = new Thread(task, "governance-decide-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.rules = new EventRules(
                Clock.systemUTC(),
                new EventTimeWindow(
                        config.eventTime().maxPast(), config.eventTime().maxFuture()));
    }

    @Incoming("publication-requests")
    @Blocking(ordered = true)
    public CompletionStage<Void> onRequests(Message<List<PublicationRequested>> batch) {
        long received = System.nanoTime();
        List<Message<PublicationRequested>> fresh = recordsOf(batch).stream()
                .filter(request -> !log.alreadyWritten(request)) // copies delivered again after a rewind
                .toList();
        if (fresh.isEmpty()) {
            return batch.ack();
        }
        try {
            List<Outcome> outcomes = decideAll(fresh, received);
            long decided = System.nanoTime();
            writeAll(batch, fresh, outcomes);
            if (fresh.size() > 1) {
                LOG.infof(
                        "batch of %d requests: decided in %d ms, written in %d ms",
                        fresh.size(), (decided - received) / 1_000_000, (System.nanoTime() - decided) / 1_000_000);
            }
        } catch (Retries.Stopped e) {
            LOG.info("stopping during an outage: the requests are decided after the restart");
            return CompletableFuture.completedFuture(null); // not acknowledged, the offsets not committed
        }
        // With Kafka this commits nothing: the offsets went with the outcomes' transaction.
        return batch.ack();
    }

    /**
     * The outcome of every request, in the batch's order. Requests are decided in parallel, but each waits for the
     * requests before it in the batch that are of its own product or publish one of its inputs, and sees what they
     * decided ({@link BatchView}): the outcomes are those of deciding the requests one at a time.
     */
    private List<Outcome> decideAll(List<Message<PublicationRequested>> requests, long received) {
        BatchView view = new BatchView(published.versions(), published.owners(), published::allowed);
        Map<String, List<CompletableFuture<Outcome>>> byProduct = new HashMap<>();
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int position = i;
            Message<PublicationRequested> request = requests.get(i);
            List<CompletableFuture<Outcome>> before = new ArrayList<>();
            for (String product : waitsFor(request.getPayload())) {
                List<CompletableFuture<Outcome>> earlier = byProduct.get(product);
                if (earlier != null) {
                    before.add(earlier.get(earlier.size() - 1)); // the last one waited for the ones before it
                }
            }
            CompletableFuture<Outcome> outcome = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                    .thenApplyAsync(
                            ignored -> retries.untilDone(
                                    "deciding",
                                    () -> decided(outcome(request, received, view, position), view, position)),
                            deciders);
            outcomes.add(outcome);
            PublicationRequested payload = request.getPayload();
            if (payload != null && payload.getProductId() != null) {
                byProduct
                        .computeIfAbsent(payload.getProductId(), id -> new ArrayList<>())
                        .add(outcome);
            }
        }
        try {
            return outcomes.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The products whose earlier requests in a batch {@code request} waits for: its own and its inputs. */
    private static Set<String> waitsFor(PublicationRequested request) {
        if (request == null || request.getProductId() == null) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        out.add(request.getProductId());
        if (request.getDescriptor() != null && request.getDescriptor().getInputs() != null) {
            request.getDescriptor().getInputs().forEach(input -> out.add(String.valueOf(input)));
        }
        return out;
    }

    /** Records a decided outcome in the batch's view, for the requests after it. */
    private static Outcome decided(Outcome outcome, BatchView view, int position) {
        if (outcome instanceof Outcome.Decided d) {
            view.decided(position, d.decision().getProductId(), d.decision().getRequestId(), d.product());
        }
        return outcome;
    }

    private Outcome outcome(Message<PublicationRequested> message, long received, BatchView view, int position) {
        PublicationRequested request = message.getPayload();
        if (request == null) {
            Optional<Outcome.DeadLetter> unreadable = DeadLetterOnFailure.unreadable(message);
            return unreadable.isPresent() ? unreadable.get() : new Outcome.Skipped("a tombstone");
        }
        List<Violation> broken = rules.check(keyOf(message, request), request, writtenAt(message));
        if (!broken.isEmpty()) {
            return Outcome.DeadLetter.ruleBroken(request, broken);
        }
        if (decided.isDecided(request.getProductId(), request.getRequestId())
                || view.decidedBefore(position, request.getProductId(), request.getRequestId())) {
            LOG.infof("request %s for %s was already decided: skipped", request.getRequestId(), request.getProductId());
            return new Outcome.Skipped("already decided");
        }
        try {
            DataProduct product = DescriptorEvents.fromEvent(request.getDescriptor());
            if (!product.id().toString().equals(request.getProductId())) {
                throw new UndecidableRequestException("request " + request.getRequestId() + " names product "
                        + request.getProductId() + " but its descriptor is " + product.id());
            }
            Publisher publisher = publishers.publisherOf(message);
            return DecisionEvents.of(
                    request,
                    product,
                    decider.decide(
                            product,
                            view.versions(position),
                            view.owners(position),
                            publisher,
                            request.getOwnerChangeFrom()),
                    publisher,
                    view.allowed(position, request.getProductId()),
                    Instant.now(),
                    (System.nanoTime() - received) / 1_000_000);
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.DeadLetter.undecidable(request, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Writes the batch's outcomes in one transaction; when the broker refuses it for a record's content, writes the
     * requests one at a time instead, each shrunk until the broker takes it ({@link #write}).
     */
    private void writeAll(
            Message<List<PublicationRequested>> batch,
            List<Message<PublicationRequested>> requests,
            List<Outcome> outcomes) {
        if (requests.size() == 1) {
            write(requests.get(0), outcomes.get(0));
            return;
        }
        try {
            if (retries.untilDone("writing the outcomes", () -> log.writeAll(batch, requests, outcomes))) {
                outcomes.forEach(this::written);
            }
        } catch (UnwritableOutcomeException e) {
            LOG.warnf(
                    "the batch's outcomes could not be written together (%s): writing them one at a time",
                    e.getMessage());
            for (int i = 0; i < requests.size(); i++) {
                write(requests.get(i), outcomes.get(i));
            }
        }
    }

    /**
     * The records of a batch, each a message with its own Kafka metadata (key, offset, headers). Anything else than a
     * batch from the Kafka connector is refused: without the records' offsets no outcome could be written.
     */
    @SuppressWarnings("unchecked")
    private static List<Message<PublicationRequested>> recordsOf(Message<List<PublicationRequested>> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(meta -> (List<Message<PublicationRequested>>) (List<?>) meta.getBatchedMessages())
                .orElseThrow(() -> new IllegalArgumentException(
                        "publication-requests delivered a batch without its records (not a Kafka batch): " + batch));
    }

    /** Writes {@code outcome}, or a smaller one each time the broker refuses one for its content. */
    private void write(Message<PublicationRequested> message, Outcome outcome) {
        Outcome next = outcome;
        while (true) {
            Outcome attempt = next;
            try {
                if (retries.untilDone("writing the outcome", () -> log.write(message, attempt))) {
                    written(attempt);
                }
                return;
            } catch (UnwritableOutcomeException e) {
                next = smaller(message, attempt, e);
            }
        }
    }

    /**
     * What to write instead of an outcome the broker refused for its content, so the request is never tried for ever:
     * a decision becomes a dead letter of the request, a dead letter loses its value, and a dead letter without a
     * value (which cannot be too large) gives way to moving the offset on alone.
     */
    private static Outcome smaller(
            Message<PublicationRequested> message, Outcome refused, UnwritableOutcomeException why) {
        String reason = why.getMessage();
        if (refused instanceof Outcome.Skipped) {
            throw why; // an offset alone is never too large: this is not about content after all
        }
        if (refused instanceof Outcome.Decided) {
            LOG.warnf("the decision could not be written (%s): dead-lettering the request instead", reason);
            return Outcome.DeadLetter.undecidable(message.getPayload(), "its decision could not be written: " + reason);
        }
        if (refused instanceof Outcome.DeadLetter dead && !dead.valueDropped()) {
            LOG.warnf("the dead letter could not be written (%s): writing it without its value", reason);
            return dead.withoutValue(reason);
        }
        LOG.errorf("not even a dead letter without a value could be written (%s): the request is skipped", reason);
        return new Outcome.Skipped("nothing could be written: " + reason);
    }

    /**
     * The record key the rules check against the product id. A message that did not come from Kafka (the in-memory
     * channel of the tests) has no key to compare: its product id stands in.
     */
    private static String keyOf(Message<PublicationRequested> message, PublicationRequested request) {
        Optional<IncomingKafkaRecordMetadata> in = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (in.isEmpty()) {
            return request.getProductId();
        }
        return in.get().getKey() instanceof String key ? key : null;
    }

    /** When the request record was written (its Kafka timestamp), or null when unknown. */
    private static Instant writtenAt(Message<PublicationRequested> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTimestamp)
                .orElse(null);
    }

    @PreDestroy
    void close() {
        deciders.shutdownNow();
    }

    private void written(Outcome outcome) {
        if (outcome instanceof Outcome.DeadLetter dead) {
            LOG.warnf(
                    "dead-lettered %s: %s",
                    dead.request() == null
                            ? "an unreadable record"
                            : dead.request().getRequestId(),
                    dead.reason());
        } else if (outcome instanceof Outcome.Decided d) {
            decided.decided(d.decision().getProductId(), d.decision().getRequestId());
            if (d.product() != null) {
                published.accepted(d.product());
            }
            LOG.infof(
                    "%s %s %s (%d violations, %d ms)",
                    d.decision().getProductId(),
                    d.decision().getVersion(),
                    d.decision().getOutcome(),
                    d.decision().getViolations().size(),
                    d.decision().getTotalMillis());
        }
    }
}
