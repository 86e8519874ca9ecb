package dev.meshplane.quality.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import dev.meshplane.quality.domain.QualityState;

/** The in-memory states are bounded by the runs they hold, least recently evaluated out first. */
class StateCacheTest {

    private static final TaskId TASK_0 = new TaskId(0, 0);
    private static final TaskId TASK_1 = new TaskId(0, 1);

    private final List<String> loaded = new ArrayList<>();

    private QualityState withRuns(String productId, int runs) {
        loaded.add(productId);
        QualityState state = new QualityState();
        for (int i = 0; i < runs; i++) {
            state.add(new QualityState.Run(productId + i, i, 100));
        }
        return state;
    }

    @Test
    void evictsTheLeastRecentlyEvaluatedWhenTheRunsGoOverTheBound() {
        StateCache cache = new StateCache(10);
        QualityState a = cache.get(TASK_0, "a", id -> withRuns(id, 4));
        cache.get(TASK_0, "b", id -> withRuns(id, 4));
        assertThat(cache.get(TASK_0, "a", id -> withRuns(id, 4))).isSameAs(a); // held: not loaded again
        cache.get(TASK_0, "c", id -> withRuns(id, 4)); // 12 > 10: b (least recent) goes, a stays
        assertThat(cache.runs()).isEqualTo(8);
        assertThat(cache.products()).isEqualTo(2);
        cache.get(TASK_0, "b", id -> withRuns(id, 4));
        assertThat(loaded).containsExactly("a", "b", "c", "b");
    }

    @Test
    void countsRunsAddedAndPrunedAndForgetsATasksStates() {
        StateCache cache = new StateCache(100);
        QualityState a = cache.get(TASK_0, "a", id -> withRuns(id, 3));
        cache.get(TASK_1, "b", id -> withRuns(id, 5));
        a.add(new QualityState.Run("a-new", 10, 100));
        cache.resized("a", a, 1);
        assertThat(cache.runs()).isEqualTo(9);

        cache.clear(TASK_1);
        assertThat(cache.runs()).isEqualTo(4);
        assertThat(cache.products()).isEqualTo(1);
        cache.resized("b", new QualityState(), 7); // b is no longer held: nothing to count
        assertThat(cache.runs()).isEqualTo(4);
    }

    @Test
    void theProductBeingEvaluatedStaysEvenWhenItAloneIsOverTheBound() {
        StateCache cache = new StateCache(2);
        cache.get(TASK_0, "small", id -> withRuns(id, 1));
        QualityState big = cache.get(TASK_0, "big", id -> withRuns(id, 5));
        assertThat(cache.products()).isEqualTo(1);
        assertThat(cache.get(TASK_0, "big", id -> withRuns(id, 5))).isSameAs(big);
    }
}
