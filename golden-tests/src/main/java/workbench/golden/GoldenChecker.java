/*
 * Runs a golden case on one implementation and compares every result tensor of the manifest with
 * ours, by name. A manifest tensor our code did not compute is a failure, as is a case no runner
 * knows: nothing passes by being skipped.
 */
package workbench.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import workbench.kernels.Kernels;
import workbench.tensor.Tensor;

public final class GoldenChecker {
    private GoldenChecker() {}

    /** Every chapter's runner; a chapter adds its own here. */
    public static List<CaseRunner> runners() {
        return List.of(new KernelCases(), new ResNetCases(), new SsdCases(),
                new ReparamCases("repvgg"), new ReparamCases("dbb"), new VggishCases(), new PortraitCases(), new PortraitMatteCases(),
                new PortraitBlendCases());
    }

    public record Result(GoldenCase golden, String impl, List<TensorReport> reports) {
        public boolean ok() {
            return !reports.isEmpty() && reports.stream().allMatch(TensorReport::ok);
        }

        /** The report as printed by `./workbench golden check` and by failing tests. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            sb.append("[golden ").append(golden).append("] ").append(impl).append(" vs ")
                    .append(golden.provenance().path("repository").asText("official code")).append(' ')
                    .append(golden.provenance().path("function").asText()).append('\n');
            for (TensorReport r : reports) sb.append(r.text()).append('\n');
            long bad = reports.stream().filter(r -> !r.ok()).count();
            sb.append(ok() ? "CASE OK" : "CASE NOT OK").append("  ").append(reports.size() - bad).append('/')
                    .append(reports.size()).append(" tensors within tolerance");
            return sb.toString();
        }
    }

    public static CaseRunner runnerFor(GoldenCase c) {
        for (CaseRunner r : runners()) {
            if (r.chapter().equals(c.chapter()) && r.functions().contains(c.function())) return r;
        }
        StringBuilder known = new StringBuilder();
        for (CaseRunner r : runners()) known.append("\n    ").append(r.chapter()).append(": ").append(r.functions());
        throw new IllegalArgumentException(c.dir() + ": no runner for chapter '" + c.chapter() + "', function '" + c.function()
                + "'\n  ---> HINT: known cases are" + known);
    }

    /** Runs the case and compares; with writeOutputs != null, writes every computed tensor there too. */
    public static Result check(GoldenCase c, Kernels kernels, Tol fallback, Path writeOutputs) {
        CaseRunner runner = runnerFor(c);
        Map<String, Tensor> ours = runner.run(c, kernels);
        Tol tol = c.tolerance(runner.defaultTolerance(fallback));
        List<TensorReport> reports = new ArrayList<>();
        for (GoldenCase.FileEntry f : c.files()) {
            if (!f.isNpy() || f.isParameter() || runner.inputs(c).contains(f.name())) continue;
            Tensor got = ours.get(f.name());
            Tensor ref = c.tensor(f.name());
            if (got == null) {
                reports.add(new TensorReport(f.name(), ref.shapeString(), false, Double.NaN, Double.NaN, new int[0], ref.numel(),
                        ref.numel(), new int[0], tol, "  " + f.name() + " " + ref.shapeString()
                        + "\n  TENSOR NOT OK  not computed by our code (the runner returned " + ours.keySet() + ")"));
            } else {
                reports.add(TensorReport.compare(f.name(), ref, got, runner.tolerance(c, f.name(), tol)));
            }
            if (writeOutputs != null && got != null) write(writeOutputs.resolve(f.file()), got);
        }
        // Results of a second path of the same implementation (e.g. the fused fast path), named
        // "<manifest name>@<path>", are compared with the same reference.
        for (Map.Entry<String, Tensor> e : ours.entrySet()) {
            int at = e.getKey().indexOf('@');
            if (at < 0) continue;
            String base = e.getKey().substring(0, at);
            if (!c.has(base)) continue;
            reports.add(TensorReport.compare(e.getKey(), c.tensor(base), e.getValue(), runner.tolerance(c, base, tol)));
        }
        reports.addAll(runner.otherReports(c, ours, tol));
        return new Result(c, kernels.name(), reports);
    }

    private static void write(Path p, Tensor t) {
        try {
            Files.createDirectories(p.getParent());
        } catch (IOException e) {
            throw GoldenCase.io(p, e);
        }
        NpyIo.write(p, t);
    }
}
