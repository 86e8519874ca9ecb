package dev.meshplane.quality.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The kept runs: event-time order, windows, pruning, and the running sums the windows' means come from. */
class QualityStateTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void aLateRunLandsInItsPlaceAndTheWindowCountsOnlyEarlierRunsInside() {
        QualityState state = new QualityState();
        state.add(new QualityState.Run("a", 1 * HOUR, 100));
        state.add(new QualityState.Run("c", 3 * HOUR, 300));
        state.add(new QualityState.Run("d", 4 * HOUR, 400));
        state.add(new QualityState.Run("b", 2 * HOUR, 200)); // late
        state.add(new QualityState.Run("c", 9 * HOUR, 999)); // redelivered: ignored

        assertThat(state.runs()).extracting(QualityState.Run::runId).containsExactly("a", "b", "c", "d");
        // [4h - 3h, 4h): b and c; a is on the boundary's outside, d is not earlier than 4h
        assertThat(state.window(4 * HOUR, 2 * HOUR + 1))
                .extracting(QualityState.Run::runId)
                .containsExactly("b", "c");
        assertThat(state.stats(4 * HOUR, 2 * HOUR + 1)).isEqualTo(new QualityState.Window(2, 250.0));
        assertThat(state.stats(1 * HOUR, 7 * 24 * HOUR)).isEqualTo(new QualityState.Window(0, 0));
    }

    @Test
    void pruningForgetsRunsOlderThanKeptBeforeTheNewestAndTheSumsStayRight() {
        QualityState state = new QualityState();
        for (int h = 0; h < 10; h++) {
            state.add(new QualityState.Run("r" + h, h * HOUR, 10L * h));
        }
        List<QualityState.Run> removed = state.prune(5 * HOUR); // keeps 4h..9h
        assertThat(removed).extracting(QualityState.Run::runId).containsExactly("r0", "r1", "r2", "r3");
        assertThat(state.seen("r0")).isFalse();
        assertThat(state.seen("r4")).isTrue();
        // 6h, 7h, 8h: (60 + 70 + 80) / 3
        assertThat(state.stats(9 * HOUR, 3 * HOUR)).isEqualTo(new QualityState.Window(3, 70.0));
        state.add(new QualityState.Run("r10", 10 * HOUR, 1000));
        assertThat(state.stats(11 * HOUR, 2 * HOUR)).isEqualTo(new QualityState.Window(2, (90.0 + 1000) / 2));
    }

    @Test
    void statsAgreeWithTheWindowsRunsWhateverTheArrivalOrder() {
        Random random = new Random(42);
        QualityState state = new QualityState();
        for (int i = 0; i < 2_000; i++) {
            state.add(new QualityState.Run("r" + i, random.nextInt(1_000) * HOUR, random.nextInt(10_000)));
            if (i % 97 == 0) {
                state.prune(600 * HOUR);
            }
            long at = random.nextInt(1_100) * HOUR;
            long width = (1 + random.nextInt(200)) * HOUR;
            List<QualityState.Run> window = state.window(at, width);
            QualityState.Window stats = state.stats(at, width);
            assertThat(stats.runs()).isEqualTo(window.size());
            if (!window.isEmpty()) {
                double mean = window.stream()
                        .mapToLong(QualityState.Run::rowCount)
                        .average()
                        .orElseThrow();
                assertThat(stats.mean()).isEqualTo(mean, offset(1e-9));
            }
        }
    }
}
