package dev.meshplane.governance.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.governance.domain.DependencyUnavailableException;
import dev.meshplane.governance.domain.PublicationDecider;
import dev.meshplane.governance.domain.UndecidableRequestException;

/**
 * Publication requests in, decisions (and accepted products) out, one request at a time so a product's versions are
 * decided in order. Every request read ends in exactly one {@link DecisionLog} write with its offset: a decision, a
 * dead letter, or a skip. A registry or broker outage holds the request and is waited out ({@link Retries}); only a
 * request that can never be decided (its descriptor names another product, a dependency refuses its content, the
 * descriptor cannot be mapped) is dead-lettered, with the reason. A request id already decided is skipped
 * ({@link DecidedRequests}). A record that cannot be deserialized arrives empty and is dead-lettered with its original
 * bytes ({@link DeadLetterOnFailure}).
 */
@ApplicationScoped
public class PublicationProcessor {

    private static final Logger LOG = Logger.getLogger(PublicationProcessor.class);

    private final PublicationDecider decider;
    private final PublishedProducts published;
    private final DecidedRequests decided;
    private final DecisionLog log;
    private final Retries retries;

    public PublicationProcessor(
            PublicationDecider decider,
            PublishedProducts published,
            DecidedRequests decided,
            DecisionLog log,
            Retries retries) {
        this.decider = decider;
        this.published = published;
        this.decided = decided;
        this.log = log;
        this.retries = retries;
    }

    @Incoming("publication-requests")
    @Blocking(ordered = true)
    public CompletionStage<Void> onRequest(Message<PublicationRequested> message) {
        if (log.alreadyWritten(message)) {
            return message.ack(); // a copy delivered again after a rewind: its outcome is written
        }
        long received = System.nanoTime();
        try {
            Outcome outcome = retries.untilDone("deciding", () -> outcome(message, received));
            if (retries.untilDone("writing the outcome", () -> log.write(message, outcome))) {
                written(outcome);
            }
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
            return DecisionEvents.of(
                    request,
                    product,
                    decider.decide(product, published.versions()),
                    Instant.now(),
                    (System.nanoTime() - received) / 1_000_000);
        } catch (DependencyUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.DeadLetter.undecidable(request, e.getMessage() == null ? e.toString() : e.getMessage());
        }
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
                published.accepted(d.product().getProductId(), d.product().getVersion());
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
