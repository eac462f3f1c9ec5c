/*
 * Chapter 02 against the official VGGish code: every committed case (front end at 16, 22.05 and
 * 44.1 kHz, mono and stereo, the 0-example case; mel_features units; resampy kaiser_best; the
 * post-processor; the network from the torch generator) on both twins, each tensor by name with
 * its own tolerance (VggishTolerances).
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
        return GoldenCases.onBothTwins(GoldenCases.under(DATA), VggishGoldenTest::bothWeightFilesCompared);
    }

    @TestFactory
    List<DynamicTest> the_full_width_network_matches_torch_on_both_twins() {
        List<Path> cases = GoldenCases.under(CACHE);
        String missing = "full-width VGGish golden missing in golden-tests/" + CACHE + "; make it with: /usr/bin/python3"
                + " golden-tests/generate/vggish.py --set full --out golden-tests/cache/vggish (needs Debian's python3-torch; ~290 MB)";
        GoldenCases.requireGenerated(!cases.isEmpty(), missing);
        return GoldenCases.onBothTwins(cases, VggishGoldenTest::bothWeightFilesCompared);
    }


    /** The TF-variable file was loaded and compared too, not only the torchvggish one. */
    static void bothWeightFilesCompared(GoldenCase c, Kernels k, GoldenChecker.Result r) {
        if (c.function().equals(VggishCases.NETWORK)) {
            assertThat(r.reports().stream().map(TensorReport::name)).contains("output", "output@tf_npz", "flatten");
        }
    }
}
