package dev.meshplane.governance.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshplane.events.v1.DecisionOutcome;
import dev.meshplane.events.v1.PolicyDecided;

/** The duplicate rule: the last few request ids per product, whichever way they were learnt. */
class DecidedRequestsTest {

    private final DecidedRequests decided = new DecidedRequests();

    @Test
    void aRequestIdIsKnownForItsProductOnly() {
        decided.decided("sales/orders", "r1");

        assertThat(decided.isDecided("sales/orders", "r1")).isTrue();
        assertThat(decided.isDecided("sales/returns", "r1")).isFalse();
        assertThat(decided.isDecided("sales/orders", "r2")).isFalse();
    }

    @Test
    void decisionsReadFromTheTopicCountAsOwnOnesInWhateverOrderTheyArrive() {
        decided.decided("sales/orders", "r2");
        decided.onDecided(decision("sales/orders", "r1")); // the view catching up after this replica's own write

        assertThat(decided.isDecided("sales/orders", "r1")).isTrue();
        assertThat(decided.isDecided("sales/orders", "r2")).isTrue();
    }

    @Test
    void onlyTheLastFewIdsOfAProductAreRemembered() {
        for (int i = 0; i <= DecidedRequests.REMEMBERED; i++) {
            decided.decided("sales/orders", "r" + i);
        }

        assertThat(decided.isDecided("sales/orders", "r0"))
                .as("the oldest is forgotten")
                .isFalse();
        assertThat(decided.isDecided("sales/orders", "r1")).isTrue();
        assertThat(decided.isDecided("sales/orders", "r" + DecidedRequests.REMEMBERED))
                .isTrue();
    }

    private static PolicyDecided decision(String productId, String requestId) {
        return PolicyDecided.newBuilder()
                .setRequestId(requestId)
                .setProductId(productId)
                .setVersion("1.0.0")
                .setOutcome(DecisionOutcome.ACCEPTED)
                .setViolations(List.of())
                .setRequestedAt(Instant.EPOCH)
                .setDecidedAt(Instant.EPOCH)
                .setEvaluationMicros(1)
                .setTotalMillis(1)
                .build();
    }
}
