/*
 * ./workbench bench [SUITE] [--only NAME] [--threads N] [--reps N] [--json FILE]
 * One table: per kernel and model, naive, vectorized (1 thread and N threads), GFLOP/s, % of this
 * machine's FMA peak (measured at the start), and PyTorch on the same shapes in the same invocation
 * (Debian's python3-torch; 1 and N threads; eager, and jit-frozen for ResNet-50), with the ratios.
 * Every vectorized result is validated against the naive twin before it is timed.
 * A chapter's own suite (e.g. `bench reparam`) is a positional SUITE.
 */
package workbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import workbench.cli.bench.BenchRunner;
import workbench.cli.bench.PytorchReference;
import workbench.cli.bench.Row;
import workbench.cli.bench.Workloads;
import workbench.vectorized.fast.Workers;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time kernels and models: naive, vectorized and PyTorch on the same shapes, validated first.")
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--only", paramLabel = "NAME", description = "one row: sgemm-1024, conv3x3-64-64-56, ..., resnet18, resnet50, or ssd300 (not in the default set: its naive reference takes minutes)")
    String only;

    @Option(names = "--threads", paramLabel = "N", description = "threads for the multi-thread rows (default: all cores)")
    Integer threads;

    @Option(names = "--reps", defaultValue = "7", description = "timed runs per row; the median is reported (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--size", defaultValue = "224", description = "input size for a chapter suite's model rows (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--json", paramLabel = "FILE", description = "also write one JSON record per row and implementation")
    Path json;

    @Option(names = "--no-pytorch", description = "skip the PyTorch rows")
    boolean noPytorch;


    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SUITE",
            description = "a chapter's own suite: reparam (training form vs fused form; see ReparamBench)")
    String suite;

    static final Path SCRIPT = Path.of("benchmarks/pytorch_reference.py");

    @Override
    public Integer call() {
        if (suite != null) {
            if (!suite.equals("reparam")) throw new IllegalArgumentException("unknown bench suite '" + suite + "'; available: reparam");
            // blocks: 64 channels at 56x56 on both twins; RepVGG-A0 at --size on the vectorized twin
            new ReparamBench(64, 56, Math.min(reps, 3), size, Impl.both.kernels(), Impl.vectorized.kernels()).run(spec.commandLine().getOut());
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        int n = threads == null ? Workers.availableCores() : threads;
        if (n < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + n);
        List<String> names = only == null ? Workloads.names() : List.of(only);
        if (only != null && !Workloads.allNames().contains(only)) {
            throw new IllegalArgumentException("unknown bench row '" + only + "'; known: " + String.join(", ", Workloads.allNames()));
        }
        String noTorch = noPytorch ? "skipped (--no-pytorch)" : PytorchReference.unavailable(SCRIPT);
        BenchRunner runner = new BenchRunner(n, reps, out);
        if (noTorch != null) out.println("PyTorch rows: " + noTorch);
        out.printf(Locale.ROOT, "%-24s %-15s %3s %11s %9s %6s %9s %9s %9s  %s%n", "name", "impl", "thr", "median ms", "GFLOP/s",
                "%peak", "xnaive", "/eager", "/jit", "note");
        List<Row> all = new ArrayList<>();
        for (String name : names) {
            List<Row> rows = new ArrayList<>(runner.run(name));
            if (noTorch == null) {
                for (int t : n == 1 ? List.of(1) : List.of(1, n)) {
                    rows.addAll(PytorchReference.run(SCRIPT, name, t, Math.max(3, reps), runner.peak(t)));
                }
            }
            print(out, rows);
            all.addAll(rows);
        }
        if (json != null) writeJson(all);
        return 0;
    }

    private static void print(PrintWriter out, List<Row> rows) {
        double naive = rows.stream().filter(r -> r.impl().equals("naive")).mapToDouble(Row::medianMs).findFirst().orElse(Double.NaN);
        for (Row r : rows) {
            String xNaive = r.impl().equals("vectorized") ? String.format(Locale.ROOT, "%.1fx", naive / r.medianMs()) : "";
            String eager = "", jit = "";
            if (r.impl().equals("vectorized")) {
                eager = ratio(r, rows, "pytorch-eager");
                jit = ratio(r, rows, "pytorch-jit");
            }
            out.printf(Locale.ROOT, "%-24s %-15s %3d %11.2f %9.1f %5.1f%% %9s %9s %9s  %s%n", r.name(), r.impl(), r.threads(),
                    r.medianMs(), r.gflops(), r.pctPeak(), xNaive, eager, jit, r.note());
        }
        out.flush();
    }

    /** ours / PyTorch time at the same thread count ("0.80" = we take 80% of PyTorch's time). */
    private static String ratio(Row r, List<Row> rows, String impl) {
        return rows.stream().filter(o -> o.impl().equals(impl) && o.threads() == r.threads()).findFirst()
                .map(o -> String.format(Locale.ROOT, "%.2f", r.medianMs() / o.medianMs())).orElse("");
    }

    private void writeJson(List<Row> rows) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) sb.append("  ").append(rows.get(i).json()).append(i + 1 < rows.size() ? ",\n" : "\n");
        sb.append("]\n");
        try {
            Files.writeString(json, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(json + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
