package dev.meshplane.governance.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.descriptor.DescriptorEvents;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.ViolationSeverity;
import dev.meshplane.governance.domain.Decision;
import dev.meshplane.governance.domain.PublicationDecider;
import dev.meshplane.policy.Severity;

/**
 * Publication requests in, decisions (and accepted products) out. One decision per request id: a redelivered
 * request is acknowledged and ignored. A request that cannot be read or decided is nacked, and the connector's
 * dead-letter strategy moves it to {@code mesh.deadletter} with the reason; the next request is processed as usual.
 */
@ApplicationScoped
public class PublicationProcessor {

    private static final Logger LOG = Logger.getLogger(PublicationProcessor.class);

    private final PublicationDecider decider;
    private final PublishedProducts published;
    private final DecidedRequests decided;
    private final MutinyEmitter<PolicyDecided> decisions;
    private final MutinyEmitter<DataProductPublished> products;

    public PublicationProcessor(
            PublicationDecider decider,
            PublishedProducts published,
            DecidedRequests decided,
            @Channel("decisions") MutinyEmitter<PolicyDecided> decisions,
            @Channel("products") MutinyEmitter<DataProductPublished> products) {
        this.decider = decider;
        this.published = published;
        this.decided = decided;
        this.decisions = decisions;
        this.products = products;
    }

    @Incoming("publication-requests")
    @Blocking(ordered = true)
    public void onRequest(PublicationRequested request) {
        long received = System.nanoTime();
        if (request == null) {
            // An unreadable record (already dead-lettered by DeadLetterOnFailure) or a tombstone: nothing to decide.
            return;
        }
        if (decided.isDecided(request.getRequestId())) {
            LOG.infof("request %s for %s was already decided: ignored", request.getRequestId(), request.getProductId());
            return;
        }
        DataProduct product = DescriptorEvents.fromEvent(request.getDescriptor());
        if (!product.id().toString().equals(request.getProductId())) {
            throw new IllegalArgumentException("request " + request.getRequestId() + " names product "
                    + request.getProductId() + " but its descriptor is " + product.id());
        }
        Decision decision = decider.decide(product, published.versions());
        Instant now = Instant.now();
        if (decision.accepted()) {
            DataProductPublished event = DataProductPublished.newBuilder()
                    .setProductId(request.getProductId())
                    .setRequestId(request.getRequestId())
                    .setVersion(product.metadata().version())
                    .setDescriptor(request.getDescriptor())
                    .setOutputTopic(decision.outputTopic())
                    .setSchemaGlobalId(decision.schemaGlobalId())
                    .setPublishedAt(now)
                    .build();
            products.sendMessageAndAwait(keyed(request.getProductId(), event));
            published.accepted(request.getProductId(), product.metadata().version());
        }
        PolicyDecided event = PolicyDecided.newBuilder()
                .setRequestId(request.getRequestId())
                .setProductId(request.getProductId())
                .setVersion(product.metadata().version())
                .setOutcome(decision.accepted() ? DecisionOutcome.ACCEPTED : DecisionOutcome.REJECTED)
                .setViolations(decision.violations().stream()
                        .map(v -> new PolicyViolation(
                                v.policyId(),
                                v.severity() == Severity.ERROR ? ViolationSeverity.ERROR : ViolationSeverity.WARNING,
                                v.path(),
                                v.message()))
                        .toList())
                .setOutputTopic(decision.outputTopic())
                .setSchemaGlobalId(decision.schemaGlobalId())
                .setRequestedAt(request.getRequestedAt())
                .setDecidedAt(now)
                .setEvaluationMicros(decision.evaluationMicros())
                .setTotalMillis((System.nanoTime() - received) / 1_000_000)
                .build();
        decided.markDecided(request.getRequestId());
        decisions.sendMessageAndAwait(keyed(request.getProductId(), event));
        LOG.infof(
                "%s %s %s (%d violations, %d ms)",
                request.getProductId(),
                product.metadata().version(),
                event.getOutcome(),
                event.getViolations().size(),
                event.getTotalMillis());
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .build());
    }
}
