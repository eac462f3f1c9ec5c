/*
 * Chapter 02 against the official VGGish code: every committed case (front end at 16, 22.05 and
 * 44.1 kHz, mono and stereo, the 0-example case; mel_features units; resampy kaiser_best; the
 * post-processor; the network from the torch generator) on both twins, each tensor by name with
 * its own tolerance (VggishTolerances).
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import workbench.kernels.Kernels;

class VggishGoldenTest {
    static final Path DATA = Path.of("data/vggish");
    static final Path CACHE = Path.of("cache/vggish");

    @Test
    void committed_cases_are_present_so_the_suite_cannot_pass_by_skipping() {
        assertThat(GoldenCases.under(DATA).stream().map(p -> p.getFileName().toString()))
                .as("committed VGGish golden cases in " + DATA.toAbsolutePath())
                .contains("frontend_16k_mono_2s0", "frontend_44k1_stereo_3s1", "frontend_22k05_mono_0s5", "mel_units", "postprocess_b5",
                        "resampy_kaiser_best", "network_tiny");
    }

    @TestFactory
    List<DynamicTest> committed_cases_match_the_official_code_on_both_twins() {
        return testsFor(GoldenCases.under(DATA));
    }

    @TestFactory
    List<DynamicTest> the_full_width_network_matches_torch_on_both_twins() {
        List<Path> cases = GoldenCases.under(CACHE);
        String missing = "full-width VGGish golden missing in golden-tests/" + CACHE + "; make it with: /usr/bin/python3"
                + " golden-tests/generate/vggish.py --set full --out golden-tests/cache/vggish (needs Debian's python3-torch; ~290 MB)";
        if (cases.isEmpty()) {
            if ("1".equals(System.getenv("WB_REQUIRE_FULL_GOLDEN"))) fail(missing + " - required here (WB_REQUIRE_FULL_GOLDEN=1)");
            System.err.println("SKIPPED: " + missing);
            Assumptions.abort(missing);
        }
        return testsFor(cases);
    }

    private static List<DynamicTest> testsFor(List<Path> cases) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : cases) {
            for (Kernels k : Implementations.both()) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " on " + k.name(), () -> {
                    GoldenCase c = GoldenCase.open(dir);
                    GoldenChecker.Result r = GoldenChecker.check(c, k, GoldenTolerances.CONV_F32, null);
                    System.out.println(summary(r));
                    if (!r.ok()) fail(r.text());
                    if (c.function().equals(VggishCases.NETWORK)) {
                        // the TF-variable file was loaded and compared too, not only the torchvggish one
                        assertThat(r.reports().stream().map(TensorReport::name)).contains("output", "output@tf_npz", "flatten");
                    }
                }));
            }
        }
        return tests;
    }

    /** One line per tensor: name, max|d|, max rel, tolerance. */
    static String summary(GoldenChecker.Result r) {
        StringBuilder sb = new StringBuilder("[golden " + r.golden() + "] " + r.impl());
        for (TensorReport t : r.reports()) {
            sb.append(String.format(java.util.Locale.ROOT, "%n    %-22s %-16s max|d|=%.2e max rel=%.2e tol=%s %s", t.name(), t.shape(), t.maxAbs(),
                    t.maxRel(), t.tol(), t.ok() ? "OK" : "NOT OK"));
        }
        return sb.toString();
    }
}
