/*
 * What every chapter's golden test does the same way: find case folders (committed ones under
 * data/, generated ones under cache/), run each case on both twins with a per-tensor report, and
 * skip - or, under ./workbench test, fail - when the generated whole-model cases are absent.
 */
package workbench.golden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import workbench.kernels.Kernels;

final class GoldenCases {
    private GoldenCases() {}

    /** Checks a chapter adds after a case has passed (e.g. that a second path was compared too). */
    @FunctionalInterface
    interface After {
        void check(GoldenCase c, Kernels kernels, GoldenChecker.Result r);
    }

    /** Folders holding a manifest.json directly under {@code root}, sorted; empty when root is absent. */
    static List<Path> under(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Generated cases that are absent: a skip that says how to make them, or a failure when
     * WB_REQUIRE_FULL_GOLDEN=1 (set by ./workbench test once it has generated them).
     */
    static void requireGenerated(boolean present, String missing) {
        if (present) return;
        if ("1".equals(System.getenv("WB_REQUIRE_FULL_GOLDEN"))) fail(missing + " - required here (WB_REQUIRE_FULL_GOLDEN=1)");
        System.err.println("SKIPPED: " + missing);
        Assumptions.abort(missing);
    }

    static List<DynamicTest> onBothTwins(List<Path> cases) {
        return onBothTwins(cases, (c, k, r) -> { });
    }

    /** One test per case and twin: run it, print one line per tensor, fail with the full report, then {@code after}. */
    static List<DynamicTest> onBothTwins(List<Path> cases, After after) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : cases) {
            for (Kernels k : Implementations.both()) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " on " + k.name(), () -> {
                    GoldenCase c = GoldenCase.open(dir);
                    GoldenChecker.Result r = GoldenChecker.check(c, k, GoldenTolerances.CONV_F32, null);
                    System.out.println(summary(r));
                    if (!r.ok()) fail(r.text());
                    after.check(c, k, r);
                }));
            }
        }
        return tests;
    }

    /** One line per tensor: name, max|d|, max rel, tolerance. */
    static String summary(GoldenChecker.Result r) {
        StringBuilder sb = new StringBuilder("[golden " + r.golden() + "] " + r.impl());
        for (TensorReport t : r.reports()) {
            sb.append(String.format(Locale.ROOT, "%n    %-22s %-16s max|d|=%.2e max rel=%.2e tol=%s %s", t.name(), t.shape(), t.maxAbs(),
                    t.maxRel(), t.tol(), t.ok() ? "OK" : "NOT OK"));
        }
        return sb.toString();
    }
}
