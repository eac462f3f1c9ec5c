/*
 * /golden page API: every golden case under golden-tests/data (chapter/case/manifest.json), checked on
 * both twins (naive and vectorized) with GoldenChecker, reported per tensor (max abs error, max rel
 * error, tolerance, verdict). SSE /api/golden/run streams the cases as they finish; results are cached.
 * The speed table: rows from a `./workbench bench --json` file when there is one (PyTorch rows included
 * where measured), and a few quick kernel rows timed here on request (SSE /api/golden/bench/run).
 * Not here: whole-model goldens (golden-tests/cache, `./workbench test`), the slow naive model rows.
 */
package workbench.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import workbench.cli.bench.BenchRunner;
import workbench.cli.bench.Row;
import workbench.golden.GoldenCase;
import workbench.golden.GoldenChecker;
import workbench.golden.GoldenTolerances;
import workbench.golden.TensorReport;
import workbench.kernels.Kernels;

public final class GoldenController {
    /** Quick kernel rows (well under a second each on the naive twin). */
    static final List<String> QUICK_ROWS = List.of("conv3x3-512-512-7", "conv3x3-64-64-56");

    private final Workbench wb;
    private final Map<String, Map<String, Object>> results = new ConcurrentHashMap<>();
    private final Memo<String, List<Map<String, Object>>> quickRows = new Memo<>(1);
    private final ObjectMapper json = new ObjectMapper();

    GoldenController(Workbench wb) {
        this.wb = wb;
    }

    List<Path> caseDirs() {
        Path root = wb.options().goldenDir();
        if (root == null || !Files.isDirectory(root)) {
            throw ApiError.notFound("no golden data at " + root,
                    "start the server from the checkout (./workbench serve) or pass --root DIR, the folder holding golden-tests/data");
        }
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
        } catch (IOException e) {
            throw ApiError.unprocessable("cannot list " + root + ": " + e.getMessage(), "check the folder's permissions");
        }
    }

    static String id(Path dir) {
        return dir.getParent().getFileName() + "/" + dir.getFileName();
    }

    public void cases(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path d : caseDirs()) {
            GoldenCase c = GoldenCase.open(d);
            out.add(Map.of("id", id(d), "chapter", c.chapter(), "function", c.function(), "description", c.description()));
        }
        ctx.json(Map.of("root", wb.options().goldenDir().toString(), "cases", out));
    }

    public void results(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path d : caseDirs()) {
            Map<String, Object> r = results.get(id(d));
            if (r != null) out.add(r);
        }
        ctx.json(Map.of("results", out));
    }

    Map<String, Object> check(Path dir) {
        return results.computeIfAbsent(id(dir), k -> {
            GoldenCase c = GoldenCase.open(dir);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k);
            m.put("chapter", c.chapter());
            m.put("function", c.function());
            m.put("description", c.description());
            Map<String, Object> twins = new LinkedHashMap<>();
            boolean ok = true;
            for (Kernels kernels : List.of(wb.naive(), (Kernels) wb.vectorized())) {
                List<Map<String, Object>> tensors = new ArrayList<>();
                try {
                    GoldenChecker.Result r = GoldenChecker.check(c, kernels, GoldenTolerances.CONV_F32, null);
                    for (TensorReport t : r.reports()) {
                        Map<String, Object> tm = new LinkedHashMap<>();
                        tm.put("name", t.name());
                        tm.put("shape", t.shape());
                        tm.put("ok", t.ok());
                        tm.put("maxAbs", finite(t.maxAbs()));
                        tm.put("maxRel", finite(t.maxRel()));
                        tm.put("tolerance", t.tol().toString());
                        tensors.add(tm);
                    }
                    ok &= r.ok();
                    twins.put(kernels.name().startsWith("naive") ? "naive" : "vectorized", Map.of("ok", r.ok(), "impl", kernels.name(), "tensors", tensors));
                } catch (RuntimeException e) {
                    ok = false;
                    twins.put(kernels.name().startsWith("naive") ? "naive" : "vectorized", Map.of("ok", false, "impl", kernels.name(),
                            "tensors", tensors, "error", VisualizerApp.firstLine(e.getMessage())));
                }
            }
            m.put("twins", twins);
            m.put("ok", ok);
            return m;
        });
    }

    static Object finite(double v) {
        return Double.isFinite(v) ? v : (Object) String.valueOf(v);
    }

    public void run(SseClient client) {
        List<Path> dirs;
        try {
            dirs = caseDirs();
        } catch (ApiError e) {
            client.sendEvent("failed", Map.of("error", e.getMessage(), "hint", e.hint()));
            client.close();
            return;
        }
        int i = 0;
        try {
            for (Path d : dirs) {
                if (client.terminated()) return;
                Map<String, Object> r = check(d);
                i++;
                client.sendEvent("case", Map.of("done", i, "total", dirs.size(), "result", r));
            }
            client.sendEvent("done", Map.of("total", dirs.size()));
        } catch (RuntimeException | Error e) {
            System.err.println("workbench serve: golden run failed: " + e);
            client.sendEvent("failed", Map.of("error", "the golden run stopped: " + VisualizerApp.firstLine(String.valueOf(e.getMessage())),
                    "hint", "the server log has the details"));
        }
        client.close();
    }

    public void bench(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path f = wb.options().benchJson();
        List<Map<String, Object>> rows = new ArrayList<>();
        if (f != null && Files.isRegularFile(f)) {
            try {
                JsonNode arr = json.readTree(f.toFile());
                for (JsonNode r : arr) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", r.path("name").asText());
                    m.put("impl", r.path("impl").asText());
                    m.put("threads", r.path("threads").asInt());
                    m.put("medianMs", r.path("median_ms").asDouble());
                    m.put("gflops", r.path("gflops").asDouble());
                    m.put("pctPeak", r.path("pct_peak").asDouble());
                    m.put("source", f.getFileName().toString());
                    rows.add(m);
                }
                out.put("file", f.toString());
            } catch (IOException | RuntimeException e) {
                out.put("fileError", f + " could not be read: " + e.getMessage());
            }
        } else {
            out.put("fileHint", "no " + (f == null ? "bench JSON" : f.getFileName()) + " yet: `./workbench bench --json bench.json` writes the full table"
                    + " (naive, vectorized and PyTorch where installed)");
        }
        List<Map<String, Object>> quick = quickRows.peek("quick");
        if (quick != null) rows.addAll(quick);
        out.put("rows", rows);
        out.put("quickAvailable", wb.options().benchQuick());
        ctx.json(out);
    }

    public void runBench(SseClient client) {
        try {
            quickBench(client);
        } catch (RuntimeException | Error e) {
            System.err.println("workbench serve: quick bench failed: " + e);
            client.sendEvent("failed", Map.of("error", "timing stopped: " + VisualizerApp.firstLine(String.valueOf(e.getMessage())),
                    "hint", "the server log has the details"));
            client.close();
        }
    }

    private void quickBench(SseClient client) {
        if (!wb.options().benchQuick()) {
            client.sendEvent("failed", Map.of("error", "quick rows are switched off on this server", "hint", "use ./workbench bench --json"));
            client.close();
            return;
        }
        List<Map<String, Object>> rows = quickRows.get("quick", () -> {
            client.sendEvent("progress", Map.of("step", "measuring the FMA peak", "fraction", 0.05));
            int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
            BenchRunner runner = new BenchRunner(threads, 3, new PrintWriter(new StringWriter()));
            List<Map<String, Object>> out = new ArrayList<>();
            int i = 0;
            for (String name : QUICK_ROWS) {
                client.sendEvent("progress", Map.of("step", name, "fraction", 0.1 + 0.9 * i / QUICK_ROWS.size()));
                for (Row r : runner.run(name)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", r.name());
                    m.put("impl", r.impl());
                    m.put("threads", r.threads());
                    m.put("medianMs", r.medianMs());
                    m.put("gflops", r.gflops());
                    m.put("pctPeak", r.pctPeak());
                    m.put("peakGflops", runner.peak(r.threads()));
                    m.put("source", "timed by this server");
                    out.add(m);
                }
                i++;
            }
            return out;
        });
        client.sendEvent("done", Map.of("rows", rows));
        client.close();
    }
}
