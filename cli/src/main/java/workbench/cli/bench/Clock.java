/*
 * Medians the way the bench reports them: with one thread, the calling thread's CPU time (it
 * holds up when other processes share the core); with more, wall time.
 */
package workbench.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

final class Clock {
    private Clock() {}

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static long now(int threads) {
        return threads == 1 && MX.isCurrentThreadCpuTimeSupported() ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Median milliseconds of {@code reps} runs after {@code warmups} untimed ones. */
    static double median(Runnable r, int warmups, int reps, int threads) {
        for (int i = 0; i < warmups; i++) r.run();
        double[] ms = new double[Math.max(1, reps)];
        for (int i = 0; i < ms.length; i++) {
            long t0 = now(threads);
            r.run();
            ms[i] = (now(threads) - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
