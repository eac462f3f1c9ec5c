/*
 * The machine's FP32 FMA peak, measured: each thread runs a loop of independent vector FMAs
 * (12 accumulators, more than the FMA latency times the FMA pipes) on the preferred species, so
 * the figure is what this CPU, as the JVM sees it, can do at most. "% of peak" in the bench
 * table is against this number, measured in the same run.
 */
package workbench.cli.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import workbench.vectorized.fast.Workers;

public final class Peak {
    private Peak() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static volatile float sink;

    /** FMA GFLOP/s with {@code threads} threads: best of a few short runs after a warm-up. */
    public static double gflops(int threads) {
        long iters = 20_000_000L;
        loop(1_000_000L);
        loop(iters / 4);
        double best = 0;
        Workers w = Workers.shared(threads);
        for (int r = 0; r < 5; r++) {
            long t0 = Clock.now(threads);             // 1 thread: CPU time, as the 1-thread rows
            w.parallelFor(threads, (from, to) -> { for (int i = from; i < to; i++) sink += loop(iters); });
            double sec = (Clock.now(threads) - t0) / 1e9;
            best = Math.max(best, threads * iters * 12.0 * S.length() * 2 / sec / 1e9);
        }
        return best;
    }

    private static float loop(long iters) {
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        FloatVector m = FloatVector.broadcast(S, 0.999999f), c = FloatVector.broadcast(S, 1e-6f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
