package dev.meshplane.governance.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.reactive.messaging.Message;

import dev.meshplane.events.v1.DataProductPublished;
import dev.meshplane.events.v1.PolicyDecided;
import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * The decision log in memory: every outcome written, in order. Writes can be made to fail as a broker timeout makes
 * the Kafka log fail (nothing written, {@link DependencyUnavailableException}).
 */
@Alternative
@ApplicationScoped
public class RecordingDecisionLog implements DecisionLog {

    private final List<Outcome> written = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    void failNext(int n) {
        failuresLeft.set(n);
    }

    void reset() {
        failuresLeft.set(0);
    }

    @Override
    public boolean alreadyWritten(Message<?> request) {
        return false;
    }

    @Override
    public boolean write(Message<?> request, Outcome outcome) {
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DependencyUnavailableException("the broker did not take the outcome: request timed out");
        }
        written.add(outcome);
        return true;
    }

    List<PolicyDecided> decisions(String requestId) {
        return written.stream()
                .filter(o -> o instanceof Outcome.Decided)
                .map(o -> ((Outcome.Decided) o).decision())
                .filter(d -> d.getRequestId().equals(requestId))
                .toList();
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

    List<Outcome.DeadLetter> deadLetters() {
        return written.stream()
                .filter(o -> o instanceof Outcome.DeadLetter)
                .map(Outcome.DeadLetter.class::cast)
                .toList();
    }
}
