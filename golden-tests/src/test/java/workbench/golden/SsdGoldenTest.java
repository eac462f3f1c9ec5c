/*
 * Chapter 05 against torchvision: every committed case (anchors, heads, L2Norm, compute_loss,
 * postprocess_detections) and, when generated, the whole ssd300_vgg16 (a 300x300 and a 241x319 image) and
 * compute_loss over its 8732 anchors, on both twins (the vectorized twin's prepared FastSsd as well).
 * Each tensor is compared by name.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SsdGoldenTest {
    static final Path DATA = Path.of("data/ssd");
    static final Path CACHE = Path.of("cache/ssd");

    @Test
    void committed_cases_are_present_so_the_suite_cannot_pass_by_skipping() {
        assertThat(GoldenCases.under(DATA)).as("committed SSD golden cases in " + DATA.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(9);
    }

    @TestFactory
    List<DynamicTest> committed_cases_match_torchvision_on_both_twins() {
        return GoldenCases.onBothTwins(GoldenCases.under(DATA));
    }

    @TestFactory
    List<DynamicTest> whole_ssd300_matches_torchvision_on_both_twins() {
        List<Path> cases = GoldenCases.under(CACHE);
        String missing = "whole-model SSD goldens missing in golden-tests/" + CACHE
                + "; make them with: /usr/bin/python3 golden-tests/generate/ssd.py --set full --out golden-tests/cache/ssd"
                + " (needs Debian's python3-torchvision; ./workbench test does this when it can)";
        GoldenCases.requireGenerated(!cases.isEmpty(), missing);
        assertThat(cases.stream().map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("ssd300_vgg16_c21", "compute_loss_ssd300_c21");
        return GoldenCases.onBothTwins(cases, SsdGoldenTest::preparedPathCompared);
    }

    /** On the whole model the vectorized twin's prepared form (FastSsd) must have been compared too. */
    static void preparedPathCompared(GoldenCase c, workbench.kernels.Kernels k, GoldenChecker.Result r) {
        if (c.function().equals("ssd300_vgg16") && !(k instanceof workbench.kernels.NaiveKernels)) {
            assertThat(r.reports().stream().map(TensorReport::name)).contains("features.0@prepared", "cls_logits@prepared");
        }
    }
}
