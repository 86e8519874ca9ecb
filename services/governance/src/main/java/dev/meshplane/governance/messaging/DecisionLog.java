package dev.meshplane.governance.messaging;

import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Message;

import dev.meshplane.governance.domain.DependencyUnavailableException;

/**
 * Where the outcome of a request goes: the accepted product, the decision (or the dead letter) and the consumed
 * request's offset become visible together or not at all. A crash between them can no longer leave a product without
 * its decision, and a restart resumes after the last written request instead of deciding it again.
 *
 * <p>The seam between deciding and Kafka: production writes Kafka transactions ({@link KafkaDecisionLog}); the fast
 * tests, which run without a broker, record outcomes in memory.
 */
public interface DecisionLog {

    /**
     * True when the outcome of this record is already written: a redelivery after an aborted transaction rewound the
     * consumer. Such a record is acknowledged and nothing else.
     */
    boolean alreadyWritten(Message<?> request);

    /**
     * Writes {@code outcome} with the request's offset, atomically, and returns once it is durable.
     *
     * @return false when the record is no longer this replica's to write (its partition moved in a rebalance):
     *     nothing was written, and the partition's owner reads the request again from the committed offset
     * @throws DependencyUnavailableException when the broker did not take it; nothing was written
     * @throws UnwritableOutcomeException when the broker refused the records for what they are (too large): trying
     *     again fails the same way; nothing was written
     */
    boolean write(Message<?> request, Outcome outcome);

    /**
     * Writes the outcomes of a batch's requests ({@code outcomes.get(i)} is the outcome of {@code requests.get(i)})
     * with the offsets of the whole {@code batch}, atomically, and returns once they are durable. Records of the batch
     * not in {@code requests} were written before ({@link #alreadyWritten}).
     *
     * @return false when the batch is no longer this replica's to write (as {@link #write})
     * @throws DependencyUnavailableException when the broker did not take them; nothing was written
     * @throws UnwritableOutcomeException when the broker refused one of the records for what it is; nothing was
     *     written, and the caller writes the requests one at a time to find which
     */
    boolean writeAll(Message<?> batch, List<? extends Message<?>> requests, List<Outcome> outcomes);
}
