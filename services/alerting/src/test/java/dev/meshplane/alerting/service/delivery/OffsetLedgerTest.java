package dev.meshplane.alerting.service.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("mesh.alerts.quality", 0);
    private static final TopicPartition P1 = new TopicPartition("mesh.alerts.quality", 1);

    @Test
    void theCommitNeverPassesARecordStillInFlight() {
        OffsetLedger ledger = new OffsetLedger();
        for (long o = 10; o <= 13; o++) {
            ledger.started(P0, o);
        }
        ledger.ended(P0, 11);
        ledger.ended(P0, 13);
        assertThat(ledger.toCommit()).containsEntry(P0, new OffsetAndMetadata(10)); // 10 still in flight

        ledger.committed(ledger.toCommit());
        assertThat(ledger.toCommit()).as("nothing moved").isEmpty();

        ledger.ended(P0, 10);
        assertThat(ledger.toCommit()).containsEntry(P0, new OffsetAndMetadata(12)); // 12 still in flight
        ledger.ended(P0, 12);
        assertThat(ledger.toCommit()).containsEntry(P0, new OffsetAndMetadata(14));
        assertThat(ledger.inFlight()).isZero();
    }

    @Test
    void partitionsAreIndependentAndARevokedOneIsForgotten() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.started(P0, 0);
        ledger.started(P1, 5);
        ledger.ended(P1, 5);
        Map<TopicPartition, OffsetAndMetadata> commit = ledger.toCommit();
        assertThat(commit).containsEntry(P1, new OffsetAndMetadata(6)).containsEntry(P0, new OffsetAndMetadata(0));

        ledger.forget(P0);
        ledger.ended(P0, 0); // a delivery that ends after its partition went elsewhere changes nothing
        assertThat(ledger.toCommit()).doesNotContainKey(P0);
        assertThat(ledger.inFlight()).isZero();
    }
}
