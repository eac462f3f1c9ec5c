/*
 * JShell execution inside the kernel's own JVM, so a cell's value reaches the renderer as a live
 * object (a Tensor, a BufferedImage) instead of JShell's usual toString().
 * Mirrors JJava's JavaKernel execution engine (dflib/jjava, jjava-kernel, 1.0-a6), which is not
 * published: snippets run on one executor thread, the result is parked in a map under a generated
 * key, and the key is what JShell sees as the snippet's value; the kernel swaps it back with take().
 * Extends DirectExecutionControl on purpose: on JDK 24+ LocalExecutionControl weaves a call to a
 * lazily defined REPL.$Cancel$ class into every snippet, which breaks an overridden invoke(Method).
 * Variables keep their values when JShell recompiles their declaration (see load).
 * Not done: a tight CPU loop that never blocks cannot be interrupted (Thread.interrupt only).
 */
package workbench.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

final class InProcessExecution extends DirectExecutionControl implements ExecutionControlProvider {
    /** Prefix of a parked value's key; the invisible separator cannot start a real toString(). */
    private static final String KEY = "\u2063result#";
    private static final Object NULL = new Object();

    private final Map<String, Object> parked = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final Duration timeout;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cell-runner");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<Object> running;
    private volatile boolean interrupted;

    /** @param timeout longest a single snippet may run (JJAVA_TIMEOUT), or null for no limit */
    InProcessExecution(Duration timeout) {
        this.timeout = timeout;
    }

    // ---- ExecutionControlProvider: JShell asks for "the" engine; there is exactly one per kernel.

    @Override
    public String name() { return "workbench-in-process"; }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) { return this; }

    // ---- the engine

    /**
     * Keeps variables' values when JShell recompiles their snippet. A later cell can make JShell
     * recompile an earlier declaration (a new wildcard import may change what a name means); it first
     * asks to redefine the wrapper class in place, which keeps static fields, and this engine cannot
     * (no JVM class redefinition in-process), so JShell loads the new code as a new class generation
     * ("$JShell$13" becomes "$JShell$13B") whose fields start at null and 0. Copying each variable
     * whose name and type still match from the previous generation gives what redefinition gives.
     */
    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(cbcs);
        for (ClassBytecodes c : cbcs) {
            String base = c.name().replaceFirst("[A-Z]+$", "");
            Class<?> now;
            try {
                now = findClass(c.name());
            } catch (ClassNotFoundException e) {
                continue;
            }
            Class<?> before = generations.put(base, now);
            if (before != null && before != now) copyStatics(before, now);
        }
    }

    private final Map<String, Class<?>> generations = new ConcurrentHashMap<>();

    private static void copyStatics(Class<?> from, Class<?> to) {
        for (java.lang.reflect.Field f : from.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!java.lang.reflect.Modifier.isStatic(mod) || java.lang.reflect.Modifier.isFinal(mod)) continue;
            try {
                java.lang.reflect.Field g = to.getDeclaredField(f.getName());
                if (!java.lang.reflect.Modifier.isStatic(g.getModifiers()) || java.lang.reflect.Modifier.isFinal(g.getModifiers())) continue;
                f.setAccessible(true);
                g.setAccessible(true);
                Object value = f.get(null);
                boolean fits = g.getType().isPrimitive() ? g.getType() == f.getType() : value == null || g.getType().isInstance(value);
                if (fits) g.set(null, value);
            } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
                // a variable the new generation no longer has, or of another type: JShell's reset stands
            }
        }
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        ClassLoader snippetLoader = doit.getDeclaringClass().getClassLoader();
        interrupted = false;
        Future<Object> f = runner.submit(() -> {
            Thread.currentThread().setContextClassLoader(snippetLoader);
            try {
                return doit.invoke(null);
            } finally {
                Thread.interrupted();   // a cleared flag for the next snippet
            }
        });
        running = f;
        Object value;
        try {
            value = timeout == null ? f.get() : f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // InvocationTargetException from Method.invoke: JShell reports its cause as the user's exception
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite) throw ite;
            throw new InvocationTargetException(cause);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new InvocationTargetException(new TimeoutException(
                    "cell stopped after " + timeout + " (JJAVA_TIMEOUT)"));
        } catch (CancellationException | InterruptedException e) {
            throw new InvocationTargetException(new InterruptedException(
                    interrupted ? "cell interrupted (Kernel > Interrupt)" : "cell cancelled"));
        } finally {
            running = null;
        }
        String key = KEY + counter.incrementAndGet();
        parked.put(key, value == null ? NULL : value);
        return key;
    }

    /** The live value behind a snippet's value string, or the string itself if it is not a key. */
    Object take(String value) {
        if (value == null || !value.startsWith(KEY)) return value;
        Object v = parked.remove(value);
        return v == NULL ? null : v;
    }

    /** Interrupts the snippet that is running, if any (Jupyter's interrupt_request). */
    void interruptRunning() {
        Future<Object> f = running;
        if (f != null) {
            interrupted = true;
            f.cancel(true);
        }
    }

    @Override
    public void stop() { interruptRunning(); }

    @Override
    public void close() {
        runner.shutdownNow();
        super.close();
    }
}
