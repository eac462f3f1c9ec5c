/*
 * ./workbench bench reparam [--channels C] [--size N] [--reps R] [--a0-size N] [--a0-impl naive|vectorized|both]
 * The speed claim of RepVGG Sec. 3.1, measured: one block in training form (branches, BNs, adds)
 * against its fused conv, for a RepVGG block, a DBB and an ACBlock, on both twins; then RepVGG-A0 in
 * training form against deploy form. Before timing, the two forms' outputs are compared (they
 * must agree within 1e-5 x max(1, max|y|)), so a fast wrong answer is never reported.
 * Runs of the two forms are interleaved (one warm-up each), so other load on the machine hits
 * both alike. Prints median milliseconds and the unfused/fused ratio. Per-kernel JMH benchmarks belong to benchmarks/.
 */
package workbench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.reparam.ACBlock;
import workbench.reparam.DiverseBranchBlock;
import workbench.reparam.RepVGG;
import workbench.reparam.RepVGGBlock;
import workbench.reparam.RepVGGs;
import workbench.reparam.Reparameterizable;
import workbench.tensor.Tensor;

final class ReparamBench {
    record Row(String what, String impl, String input, double trainMs, double deployMs) {
        double ratio() { return trainMs / deployMs; }
    }

    final int channels, size, reps, a0Size;
    final List<Kernels> blockImpls, a0Impls;

    ReparamBench(int channels, int size, int reps, int a0Size, List<Kernels> blockImpls, List<Kernels> a0Impls) {
        this.channels = channels;
        this.size = size;
        this.reps = Math.max(5, reps);   // at least 5: the machine may be shared
        this.a0Size = a0Size;
        this.blockImpls = blockImpls;
        this.a0Impls = a0Impls;
    }

    List<Row> run(PrintWriter out) {
        List<Row> rows = new ArrayList<>();
        out.printf(Locale.ROOT, "Structural re-parameterization: training form (branches) vs deploy form (one conv), median of %d runs%n", reps);
        out.printf(Locale.ROOT, "%-26s %-22s %-18s %10s %10s %8s%n", "block / model", "impl", "input", "train ms", "fused ms", "ratio");
        int c = channels;
        List<Supplier<Module>> blocks = List.of(
                () -> new RepVGGBlock(c, c, 1, 1, false, false),
                () -> new DiverseBranchBlock(c, c, 3, 1, 1, 1, false),
                () -> new ACBlock(c, c, 3, 1, 1, 1, false));
        for (Supplier<Module> make : blocks) {
            for (Kernels k : blockImpls) {
                rows.add(time(make, k, new int[] {1, c, size, size}, out));
            }
        }
        if (a0Size > 0) {
            for (Kernels k : a0Impls) rows.add(time(() -> RepVGGs.create("RepVGG-A0", false), k, new int[] {1, 3, a0Size, a0Size}, out));
        }
        return rows;
    }

    private Row time(Supplier<Module> make, Kernels k, int[] shape, PrintWriter out) {
        // two copies with the same seeded weights: one stays in training form, one is fused
        Module train = RepVGGs.randomize(make.get(), 42), fused = RepVGGs.randomize(make.get(), 42);
        if (fused instanceof RepVGG r) r.convertToDeploy();
        else ((Reparameterizable) fused).switchToDeploy();
        String name = train instanceof RepVGG ? "RepVGG-A0" : label(train);
        Tensor x = Tensor.randn(7, shape);
        Context ctx = Context.of(k);
        Tensor ref = train.call(x, ctx), got = fused.call(x, ctx);
        double tol = 1e-5 * Math.max(1, ref.maxAbs());
        if (!(ref.maxAbsDiff(got) <= tol)) {
            throw new IllegalStateException(name + " on " + k.name() + ": fused output differs from the branches by "
                    + ref.maxAbsDiff(got) + " (> " + tol + "); not timing a wrong result");
        }
        // interleaved runs, so load from other processes hits both forms alike; the median of each is kept
        double[] t = new double[reps], f = new double[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = once(train, x, ctx);
            f[i] = once(fused, x, ctx);
        }
        Arrays.sort(t);
        Arrays.sort(f);
        Row row = new Row(name, k.name(), workbench.tensor.Shape.str(shape), t[reps / 2], f[reps / 2]);
        out.printf(Locale.ROOT, "%-26s %-22s %-18s %10.2f %10.2f %7.2fx%n", row.what(), row.impl(), row.input(), row.trainMs(),
                row.deployMs(), row.ratio());
        out.flush();
        return row;
    }

    private static String label(Module m) {
        return switch (m) {
            case RepVGGBlock b -> "RepVGGBlock " + b.inChannels + "->" + b.outChannels;
            case DiverseBranchBlock b -> "DBB " + b.inChannels + "->" + b.outChannels + " k" + b.kernelSize;
            case ACBlock b -> "ACBlock " + b.inChannels + "->" + b.outChannels + " k" + b.kernelSize;
            default -> m.describe();
        };
    }

    private static double once(Module m, Tensor x, Context ctx) {
        long t0 = System.nanoTime();
        m.call(x, ctx);
        return (System.nanoTime() - t0) / 1e6;
    }
}
