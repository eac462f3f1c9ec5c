/*
 * Memo: a small compute-once cache for page results (feature maps, golden reports, kernel maps).
 * Concurrent requests for the same key wait for one computation; a failed computation is not kept.
 * Not here: eviction by memory size (the cache holds at most `capacity` entries, oldest dropped).
 */
package workbench.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

public final class Memo<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, CompletableFuture<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

    public Memo(int capacity) {
        this.capacity = capacity;
    }

    public V get(K key, Supplier<V> compute) {
        CompletableFuture<V> f;
        boolean mine = false;
        synchronized (this) {
            f = entries.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                entries.put(key, f);
                mine = true;
                if (entries.size() > capacity) {
                    K oldest = entries.keySet().iterator().next();
                    entries.remove(oldest);
                }
            }
        }
        if (mine) {
            try {
                f.complete(compute.get());
            } catch (RuntimeException | Error e) {
                synchronized (this) { entries.remove(key, f); }
                f.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    public synchronized V peek(K key) {
        CompletableFuture<V> f = entries.get(key);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }
}
