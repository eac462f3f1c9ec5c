/*
 * A fixed team of threads for the fast path: parallelFor splits [0, items) into one contiguous
 * range per thread; the calling thread takes the first range, so threads = 1 costs nothing.
 * Persistent workers (not a task per layer) keep the per-layer overhead to a few microseconds.
 */
package workbench.vectorized.fast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

public final class Workers implements AutoCloseable {
    /** Work on a half-open range of items. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public Workers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "workbench-fast");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() { return threads; }

    private static final java.util.Map<Integer, Workers> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** One team per thread count for the whole JVM (workers are daemon threads, kept for reuse). */
    public static Workers shared(int threads) {
        return SHARED.computeIfAbsent(threads, Workers::new);
    }

    public static int availableCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public void parallelFor(int items, Range body) {
        int parts = Math.min(threads, items);
        if (parts <= 1) {
            body.run(0, items);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) items * p / parts), to = (int) ((long) items * (p + 1) / parts);
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) items / parts));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                if (c instanceof Error er) throw er;
                throw new IllegalStateException(c);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
