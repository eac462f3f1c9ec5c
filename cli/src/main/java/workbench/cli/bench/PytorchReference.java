/*
 * PyTorch rows for the bench table: runs benchmarks/pytorch_reference.py with Debian's
 * /usr/bin/python3 (python3-torch) on the same workloads and reads its JSON lines. When torch is not
 * there, says how to get it and returns nothing.
 */
package workbench.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class PytorchReference {
    private PytorchReference() {}

    static final Path PYTHON = Path.of("/usr/bin/python3");

    /** Null when PyTorch can be used, else the reason and how to fix it. */
    public static String unavailable(Path script) {
        if (!Files.isRegularFile(script)) return "the script " + script + " is missing";
        if (!Files.isExecutable(PYTHON)) return "no " + PYTHON + "; install Debian's python3-torch to get PyTorch rows";
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, torchvision").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) return "python3-torch / python3-torchvision are not installed (apt-get install python3-torchvision)";
        } catch (IOException e) {
            return "cannot start " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    /** Rows for one workload at one thread count, with % of peak filled from {@code peakGflops}. */
    public static List<Row> run(Path script, String name, int threads, int reps, double peakGflops) {
        List<Row> rows = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), "--threads", Integer.toString(threads),
                    "--only", name, "--reps", Integer.toString(reps)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.startsWith("{")) continue;
                    JsonNode n = json.readTree(line);
                    double gf = n.path("gflops").asDouble();
                    rows.add(new Row(n.path("name").asText(), n.path("impl").asText(), n.path("threads").asInt(),
                            n.path("median_ms").asDouble(), gf, 100 * gf / peakGflops, ""));
                }
            }
            if (p.waitFor() != 0) throw new IllegalStateException(script + " failed for " + name + " (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("running " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return rows;
    }
}
