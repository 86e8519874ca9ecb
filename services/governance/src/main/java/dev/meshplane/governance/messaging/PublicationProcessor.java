package dev.meshplane.governance.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;
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
 * Publication requests in, decisions (and accepted products) out, one request at a time so a product's versions are
 * decided in order. Every request read ends in exactly one {@link DecisionLog} write with its offset: a decision, a
 * dead letter, or a skip. A registry or broker outage holds the request and is waited out ({@link Retries}); only a
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
        this.rules = new EventRules(
                Clock.systemUTC(),
                new EventTimeWindow(
                        config.eventTime().maxPast(), config.eventTime().maxFuture()));
    }

    @Incoming("publication-requests")
    @Blocking(ordered = true)
    public CompletionStage<Void> onRequest(Message<PublicationRequested> message) {
        if (log.alreadyWritten(message)) {
            return message.ack(); // a copy delivered again after a rewind: its outcome is written
        }
        long received = System.nanoTime();
        try {
            write(message, retries.untilDone("deciding", () -> outcome(message, received)));
        } catch (Retries.Stopped e) {
            LOG.info("stopping during an outage: the request is decided after the restart");
            return CompletableFuture.completedFuture(null); // not acknowledged, its offset not committed
        }
        // With Kafka this commits nothing: the offset went with the outcome's transaction.
        return message.ack();
    }

    private Outcome outcome(Message<PublicationRequested> message, long received) {
        PublicationRequested request = message.getPayload();
        if (request == null) {
            Optional<Outcome.DeadLetter> unreadable = DeadLetterOnFailure.unreadable(message);
            return unreadable.isPresent() ? unreadable.get() : new Outcome.Skipped("a tombstone");
        }
        List<Violation> broken = rules.check(keyOf(message, request), request, writtenAt(message));
        if (!broken.isEmpty()) {
            return Outcome.DeadLetter.ruleBroken(request, broken);
        }
        if (decided.isDecided(request.getProductId(), request.getRequestId())) {
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
                            product, published.versions(), published.owners(), publisher, request.getOwnerChangeFrom()),
                    publisher,
                    published.allowed(request.getProductId()),
                    Instant.now(),
                    (System.nanoTime() - received) / 1_000_000);
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.DeadLetter.undecidable(request, e.getMessage() == null ? e.toString() : e.getMessage());
        }
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
