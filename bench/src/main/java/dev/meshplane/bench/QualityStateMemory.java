package dev.meshplane.bench;

import java.util.UUID;

import dev.meshplane.quality.domain.QualityState;

/**
 * Heap per run kept by the quality service's in-memory state (what {@code meshplane.cached-runs} budgets): P products
 * with R hourly runs each, the heap after GC before and after.
 *
 * <p>{@code java -cp "bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * dev.meshplane.bench.QualityStateMemory [P] [R]}
 */
public final class QualityStateMemory {

    private QualityStateMemory() {}

    public static void main(String[] args) throws InterruptedException {
        int products = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 840;
        long before = usedAfterGc();
        QualityState[] states = new QualityState[products];
        for (int p = 0; p < products; p++) {
            states[p] = new QualityState();
            for (int r = 0; r < runs; r++) {
                // run ids as mesh run writes them: random UUIDs
                states[p].add(new QualityState.Run(UUID.randomUUID().toString(), r * 3_600_000L, 1000 + r % 7));
            }
        }
        long after = usedAfterGc();
        System.out.printf(
                "%d products x %d runs: %.0f bytes of heap per run (%d states held)%n",
                products, runs, (after - before) / (double) products / runs, states.length);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
