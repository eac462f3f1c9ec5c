/*
 * Chapter 01 against torchvision: every committed case (blocks, stem, stages) and, when generated,
 * every whole model resnet18..resnet152, on both twins. Each tensor is compared by name: the
 * output and every traced module output.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import workbench.kernels.Kernels;

class ResNetGoldenTest {
    static final Path DATA = Path.of("data/resnet");
    static final Path CACHE = Path.of("cache/resnet");
    static final String FULL_SET = "resnet18, resnet34, resnet50, resnet101, resnet152";

    @Test
    void committed_cases_are_present_so_the_suite_cannot_pass_by_skipping() {
        assertThat(GoldenCases.under(DATA)).as("committed ResNet golden cases in " + DATA.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(9);
    }

    @TestFactory
    List<DynamicTest> committed_cases_match_torchvision_on_both_twins() {
        return GoldenCases.onBothTwins(GoldenCases.under(DATA), ResNetGoldenTest::preparedPathCompared);
    }

    @TestFactory
    List<DynamicTest> whole_models_match_torchvision_on_both_twins() {
        List<Path> cases = GoldenCases.under(CACHE);
        String missing = "whole-model ResNet goldens missing in golden-tests/" + CACHE
                + "; make them with: /usr/bin/python3 golden-tests/generate/resnet.py --set full --out golden-tests/cache/resnet"
                + " (needs Debian's python3-torchvision; ./workbench test does this when it can)";
        GoldenCases.requireGenerated(cases.size() >= 5, missing);
        assertThat(cases.stream().map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(FULL_SET.split(", "));
        return GoldenCases.onBothTwins(cases, ResNetGoldenTest::preparedPathCompared);
    }


    /** On whole models the vectorized twin's fast path must have been compared, not only its op-by-op path. */
    static void preparedPathCompared(GoldenCase c, Kernels k, GoldenChecker.Result r) {
        if (c.function().equals("resnet") && !(k instanceof workbench.kernels.NaiveKernels)) {
            assertThat(r.reports().stream().map(TensorReport::name)).contains("output@prepared", "layer4@prepared");
        }
    }
}
