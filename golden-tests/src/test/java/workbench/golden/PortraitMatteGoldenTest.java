/*
 * Chapter 04, parts 2 and 4, against official code: person probabilities (torch), the mask clean-up
 * stages and elliptic kernels (OpenCV 4.6, exact), box means and guided filters
 * (cv2.boxFilter, cv2.ximgproc.guidedFilter, 1e-5), the whole edge correction, and the Reinhard
 * transfer against the paper's formulas written in numpy, its CIE Lab variant on cv2.cvtColor; every
 * case on both twins. Plus the
 * negative test that proves the border: with REFLECT_101 the same filter misses ximgproc.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import workbench.kernels.Kernels;
import workbench.portrait.matte.BoxBorder;
import workbench.portrait.matte.GuidedFilterOps;
import workbench.tensor.Tensor;

class PortraitMatteGoldenTest {
    static final Path DATA = Path.of("data/portrait");

    static List<Path> cases() {
        return GoldenCases.under(DATA).stream().filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith("matte_") || n.startsWith("guided_") || n.startsWith("reinhard_");
        }).toList();
    }

    @Test
    void committed_matte_guided_and_reinhard_cases_are_present() {
        List<String> names = cases().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).as("cases in " + DATA.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(21)
                .anyMatch(n -> n.startsWith("guided_colour")).anyMatch(n -> n.startsWith("guided_grey"))
                .anyMatch(n -> n.startsWith("matte_cleanup")).anyMatch(n -> n.startsWith("reinhard_"));
    }

    @TestFactory
    List<DynamicTest> every_case_matches_official_code_on_both_twins() {
        return GoldenCases.onBothTwins(cases());
    }

    @TestFactory
    List<DynamicTest> reflect_101_borders_would_miss_ximgproc() {
        List<DynamicTest> tests = new java.util.ArrayList<>();
        for (Path dir : cases()) {
            if (!dir.getFileName().toString().startsWith("guided_") || dir.getFileName().toString().startsWith("guided_boxmean")) continue;
            for (Kernels k : Implementations.both()) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " on " + k.name(), () -> {
                    GoldenCase c = GoldenCase.open(dir);
                    GuidedFilterOps ops = PortraitMatteCases.guidedFilterOps(k);
                    Tensor p = c.tensor("input"), ref = c.tensor("output");
                    int r = c.intArg("radius");
                    double eps = c.arguments().path("eps").asDouble();
                    float[] reflect = ops.filter(PortraitMatteCases.image8(c.tensor("guide")), p.data(), r, eps, BoxBorder.REFLECT);
                    float[] r101 = ops.filter(PortraitMatteCases.image8(c.tensor("guide")), p.data(), r, eps, BoxBorder.REFLECT_101);
                    double good = maxAbs(reflect, ref.data()), bad = maxAbs(r101, ref.data());
                    double tol = c.tolerance(GoldenTolerances.CONV_F32).atol();
                    System.out.printf(Locale.ROOT, "[%s %s] max|d| REFLECT=%.2e  REFLECT_101=%.2e  tol=%.0e%n", c.name(), ops.name(), good,
                            bad, tol);
                    assertThat(good).as("REFLECT (ximgproc's border) within the case tolerance").isLessThanOrEqualTo(tol);
                    assertThat(bad).as("REFLECT_101 must miss the golden by far more than the tolerance").isGreaterThan(100 * tol);
                }));
            }
        }
        return tests;
    }

    private static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
