/*
 * ./workbench bench [--only NAME] [--size N] [--reps N]
 * Whole-model timing of both twins on seeded random weights: validates that the vectorized output
 * matches the naive one before timing, then prints median milliseconds, GFLOP/s (2 x multiply-adds
 * per second) and the vectorized/naive ratio. Per-kernel JMH benchmarks and PyTorch rows belong to
 * the benchmarks/ module.
 */
package workbench.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.resnet.ResNetComplexity;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time naive vs vectorized on whole models (validated first).")
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--only", paramLabel = "NAME", description = "one model, e.g. resnet50 (default: resnet18 and resnet50)")
    String only;

    @Option(names = "--size", defaultValue = "224", description = "input height and width (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--reps", defaultValue = "3", description = "timed runs per implementation; the median is reported (default: ${DEFAULT-VALUE})")
    int reps;

    @Override
    public Integer call() {
        List<String> models = only == null ? List.of("resnet18", "resnet50") : List.of(only);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-12s %6s %8s %12s %9s %12s %9s %10s%n", "model", "input", "GMACs", "naive ms", "GFLOP/s",
                "vector ms", "GFLOP/s", "naive/vec");
        for (String name : models) {
            Module model = ResNets.randomize(ResNets.create(name), 42);
            Tensor x = Tensor.randn(7, 1, 3, size, size);
            long macs = ResNetComplexity.macs(model, size);
            Kernels naive = NaiveKernels.INSTANCE, vec = new VectorKernels();
            Tensor ref = model.call(x, Context.of(naive));
            Tensor got = model.call(x, Context.of(vec));
            double tol = 1e-4 * Math.max(1, ref.maxAbs());
            if (ref.maxAbsDiff(got) > tol) {
                throw new IllegalStateException(name + ": vectorized output differs from naive by " + ref.maxAbsDiff(got)
                        + " (> " + tol + "); not timing a wrong result");
            }
            double naiveMs = median(model, x, naive), vecMs = median(model, x, vec);
            out.printf(Locale.ROOT, "%-12s %6d %8.3f %12.1f %9.2f %12.1f %9.2f %9.1fx%n", name, size, macs / 1e9, naiveMs,
                    2 * macs / naiveMs / 1e6, vecMs, 2 * macs / vecMs / 1e6, naiveMs / vecMs);
            out.flush();
        }
        return 0;
    }

    private double median(Module model, Tensor x, Kernels k) {
        model.call(x, Context.of(k));                         // warm-up
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < Math.max(1, reps); i++) {
            long t0 = System.nanoTime();
            model.call(x, Context.of(k));
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double[] a = ms.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
