package dev.meshplane.governance.messaging;

import java.time.Instant;
import java.util.Set;

import dev.meshplane.descriptor.DataProduct;
import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.events.v1.PolicyViolation;
import dev.meshplane.events.v1.PublicationRequested;
import dev.meshplane.events.v1.ViolationSeverity;
import dev.meshplane.governance.domain.Decision;
import dev.meshplane.governance.domain.Publisher;
import dev.meshplane.policy.Severity;

/** Maps a {@link Decision} to the events governance writes: the edge between the domain and the wire. */
final class DecisionEvents {

    private DecisionEvents() {}

    /**
     * The decision, with the published product when accepted, and {@code allowedBefore}: the teams the product's
     * current version allows, whose grants an accepted version replaces.
     */
    static Outcome.Decided of(
            PublicationRequested request,
            DataProduct product,
            Decision decision,
            Publisher publisher,
            Set<String> allowedBefore,
            Instant now,
            long totalMillis) {
        return new Outcome.Decided(
                decided(request, product, decision, publisher, now, totalMillis),
                decision.accepted() ? published(request, product, decision, now) : null,
                allowedBefore);
    }

    private static DataProductPublished published(
            PublicationRequested request, DataProduct product, Decision decision, Instant now) {
        return DataProductPublished.newBuilder()
                .setProductId(request.getProductId())
                .setRequestId(request.getRequestId())
                .setVersion(product.metadata().version())
                .setDescriptor(request.getDescriptor())
                .setOutputTopic(decision.outputTopic())
                .setSchemaGlobalId(decision.schemaGlobalId())
                .setPublishedAt(now)
                .build();
    }

    private static PolicyDecided decided(
            PublicationRequested request,
            DataProduct product,
            Decision decision,
            Publisher publisher,
            Instant now,
            long totalMillis) {
        return PolicyDecided.newBuilder()
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
                .setTotalMillis(totalMillis)
                .setPublisher(publisher.name())
                .build();
    }
}
