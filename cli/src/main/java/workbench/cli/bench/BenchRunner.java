/*
 * Runs the bench workloads: validates each vectorized result against the naive twin, then times
 * naive (1 thread), vectorized (1 thread and N threads) and, when Debian's python3-torch is there,
 * PyTorch on the same shapes in the same invocation. Rows carry GFLOP/s and % of the FMA peak
 * measured at the start of the run.
 */
package workbench.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.resnet.ResNetComplexity;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.fast.FastConv;
import workbench.vectorized.fast.Nhwc;
import workbench.vectorized.fast.Workers;

public final class BenchRunner {
    private final int threads, reps;

    private final PrintWriter log;
    private final double[] peak;   // index = threads

    public BenchRunner(int threads, int reps, PrintWriter log) {
        this.threads = threads;
        this.reps = reps;
        this.log = log;
        this.peak = new double[threads + 1];
        for (int t = 1; t <= threads; t++) peak[t] = Peak.gflops(t);
        log.printf(Locale.ROOT, "FMA peak (measured, %d-bit vectors): %.1f GFLOP/s with 1 thread%s%n",
                FloatVectorBits.bits(), peak[1], threads > 1 ? String.format(Locale.ROOT, ", %.1f with %d", peak[threads], threads) : "");
        log.flush();
    }

    public double peak(int t) { return peak[t]; }

    private Row row(String name, String impl, int t, double ms, double flop, String note) {
        double gf = flop / ms / 1e6;
        return new Row(name, impl, t, ms, gf, 100 * gf / peak[Math.min(t, threads)], note);
    }

    private List<Integer> threadCounts() {
        return threads == 1 ? List.of(1) : List.of(1, threads);
    }

    public List<Row> run(String name) {
        if (name.equals("sgemm-1024")) return sgemm();
        for (Workloads.ConvShape s : Workloads.CONVS) if (s.name().equals(name)) return conv(s);
        if (Workloads.MODELS.contains(name)) return model(name);
        throw new IllegalArgumentException("unknown bench row '" + name + "'; known: " + String.join(", ", Workloads.allNames()));
    }

    private List<Row> sgemm() {
        int n = 1024;
        Conv2d b = ResNets.randomize(new Conv2d(n, n, 1, 1, workbench.kernels.Conv2dSpec.of(1, 0), false), 5);
        Tensor a = Tensor.randn(9, n, n);
        List<Row> rows = new ArrayList<>();
        double flop = 2.0 * n * n * n;
        Tensor[] ref = new Tensor[1];
        double naiveMs = Clock.median(() -> ref[0] = NaiveKernels.INSTANCE.linear(a, b.weight.reshape(n, n), null), 0, 1, 1);
        rows.add(row("sgemm-1024", "naive", 1, naiveMs, flop, ""));
        for (int t : threadCounts()) {
            FastConv gemm = new FastConv(b, null, false, n, Workers.shared(t));
            Nhwc in = gemm.newInput(1, 1, n, n);
            System.arraycopy(a.data(), 0, in.data, 0, n * n);     // row m of A is "pixel" m
            Nhwc out = gemm.newOutput(in);
            gemm.run(in, out, null);
            double err = 0;
            for (int i = 0; i < n * n; i++) err = Math.max(err, Math.abs(out.data[i] - ref[0].data()[i]));
            validate("sgemm-1024", err, ref[0].maxAbs());
            rows.add(row("sgemm-1024", "vectorized", t, Clock.median(() -> gemm.run(in, out, null), 3, reps, t), flop, ""));
        }
        return rows;
    }

    private List<Row> conv(Workloads.ConvShape s) {
        Conv2d conv = s.conv();
        Tensor x = s.input();
        List<Row> rows = new ArrayList<>();
        double flop = 2.0 * conv.macs(s.H(), s.H());
        Tensor[] ref = new Tensor[1];
        rows.add(row(s.name(), "naive", 1, Clock.median(() -> ref[0] = Workloads.naiveConv(s, conv, x), 0, 1, 1), flop, ""));
        for (int t : threadCounts()) {
            FastConv fast = new FastConv(conv, null, true, s.C(), Workers.shared(t));
            Nhwc in = fast.newInput(1, s.H(), s.H(), s.C());
            in.fill(x);
            Nhwc out = fast.newOutput(in);
            fast.run(in, out, null);
            validate(s.name(), out.toNchw().maxAbsDiff(ref[0]), ref[0].maxAbs());
            rows.add(row(s.name(), "vectorized", t, Clock.median(() -> fast.run(in, out, null), 5, reps, t), flop, ""));
        }
        return rows;
    }

    private List<Row> model(String name) {
        Module model = Workloads.model(name);
        int size = Workloads.size(name);
        Tensor x = Tensor.randn(7, 1, 3, size, size);
        double flop = 2.0 * ResNetComplexity.macs(model, size);
        List<Row> rows = new ArrayList<>();
        Tensor[] ref = new Tensor[1];
        rows.add(row(name, "naive", 1, Clock.median(() -> ref[0] = model.call(x, Context.of(NaiveKernels.INSTANCE)), 0, 1, 1), flop, ""));
        for (int t : threadCounts()) {
            VectorKernels k = new VectorKernels().withThreads(t);
            long t0 = System.nanoTime();
            Module fast = k.prepare(model);                      // fold, pack, prime (once per JVM)
            long t1 = System.nanoTime();
            Tensor y = fast.call(x, Context.of(k));              // the first real call
            long t2 = System.nanoTime();
            validate(name, y.maxAbsDiff(ref[0]), ref[0].maxAbs());
            double steady = Clock.median(() -> fast.call(x, Context.of(k)), 2, reps, t);
            double first = (t2 - t1) / 1e6;
            rows.add(row(name, "vectorized", t, steady, flop, String.format(Locale.ROOT,
                    "load+prime %.0f ms, first call %.1f ms (%.2fx steady)", (t1 - t0) / 1e6, first, first / steady)));
        }
        return rows;
    }

    private static void validate(String name, double maxAbsDiff, double maxAbsRef) {
        double tol = 1e-4 * Math.max(1, maxAbsRef);
        if (!(maxAbsDiff <= tol)) {
            throw new IllegalStateException(name + ": vectorized result differs from naive by " + maxAbsDiff + " (> " + tol
                    + "); not timing a wrong result");
        }
    }

    /** The preferred vector width, for the header line. */
    static final class FloatVectorBits {
        static int bits() { return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(); }
    }
}
