package dev.meshplane.governance.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * The decision log in memory: every outcome written, in order. Writes can be made to fail as a broker timeout makes
 * the Kafka log fail (nothing written, {@link DependencyUnavailableException}), or be refused as the broker refuses a
 * record above its size limit ({@link UnwritableOutcomeException}).
 */
@Alternative
@ApplicationScoped
public class RecordingDecisionLog implements DecisionLog {

    private final List<Outcome> written = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    /** How many writes (transactions) succeeded so far. */
    int writes() {
        return writes.get();
    }

    void failNext(int n) {
        failuresLeft.set(n);
    }

    /** The next {@code n} writes are refused as the broker refuses a record above its size limit. */
    void refuseNext(int n) {
        refusalsLeft.set(n);
    }

    void reset() {
        failuresLeft.set(0);
        refusalsLeft.set(0);
    }

    @Override
    public boolean alreadyWritten(Message<?> request) {
        return false;
    }

    @Override
    public boolean write(Message<?> request, Outcome outcome) {
        return writeAll(request, List.of(request), List.of(outcome));
    }

    @Override
    public boolean writeAll(Message<?> batch, List<? extends Message<?>> requests, List<Outcome> outcomes) {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DependencyUnavailableException("the broker did not take the outcome: request timed out");
        }
        if (refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new UnwritableOutcomeException(
                    "the broker refused the outcome for its content: RecordTooLargeException",
                    new RecordTooLargeException("the message is 1048700 bytes when serialized"));
        }
        written.addAll(outcomes);
        writes.incrementAndGet();
        return true;
    }

    List<PolicyDecided> decisions(String requestId) {
        return written.stream()
                .filter(o -> o instanceof Outcome.Decided)
                .map(o -> ((Outcome.Decided) o).decision())
                .filter(d -> d.getRequestId().equals(requestId))
                .toList();
    }

    /** The teams the product's previous version allowed, as the decided outcome of {@code requestId} carries them. */
    java.util.Set<String> previouslyAllowed(String requestId) {
        return written.stream()
                .filter(o -> o instanceof Outcome.Decided d
                        && d.decision().getRequestId().equals(requestId))
                .map(o -> ((Outcome.Decided) o).previouslyAllowed())
                .findFirst()
                .orElseThrow();
    }

    List<DataProductPublished> products(String requestId) {
        return written.stream()
                .filter(o -> o instanceof Outcome.Decided d && d.product() != null)
                .map(o -> ((Outcome.Decided) o).product())
                .filter(p -> p.getRequestId().equals(requestId))
                .toList();
    }

    List<Outcome.DeadLetter> deadLetters(String requestId) {
        return deadLetters().stream()
                .filter(dead ->
                        dead.request() != null && dead.request().getRequestId().equals(requestId))
                .toList();
    }

    List<Outcome.Skipped> skipped() {
        return written.stream()
                .filter(o -> o instanceof Outcome.Skipped)
                .map(Outcome.Skipped.class::cast)
                .toList();
    }

    List<Outcome.DeadLetter> deadLetters() {
        return written.stream()
                .filter(o -> o instanceof Outcome.DeadLetter)
                .map(Outcome.DeadLetter.class::cast)
                .toList();
    }
}
