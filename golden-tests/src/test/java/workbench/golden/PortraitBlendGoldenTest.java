/*
 * Chapter 04 part 3 (Poisson blending) against OpenCV and SciPy, on both twins (NaivePoisson,
 * PanamaPoisson): every clone_* case against cv2.seamlessClone 4.6 with the rule of Sec. 3.2
 * (|java - cv2| <= 1, only where the float solution is within 1e-3 of an integer, < 0.05 % of the
 * values, nothing outside the ROI changed), every poisson_* case against scipy's spsolve, the identity
 * clone's one-level drop as cv2 measured it, and the negative test: an erosion that does not see
 * the zeros around the ROI misses cv2 by tens of levels.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import workbench.kernels.Kernels;
import workbench.portrait.blend.CloneFlag;
import workbench.portrait.blend.PoissonOps;
import workbench.portrait.blend.SeamlessClone;
import workbench.portrait.image.Image8;

class PortraitBlendGoldenTest {
    static final Path DATA = PortraitGoldenTest.DATA;

    static boolean isBlendCase(Path dir) {
        String n = dir.getFileName().toString();
        return n.startsWith("clone_") || n.startsWith("poisson_");
    }

    static List<Path> blendCases() {
        return GoldenCases.under(DATA).stream().filter(PortraitBlendGoldenTest::isBlendCase).toList();
    }

    @Test
    void committed_blend_cases_are_present_so_the_suite_cannot_pass_by_skipping() {
        assertThat(blendCases()).as("clone_* and poisson_* cases in " + DATA.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(14);
    }

    @TestFactory
    List<DynamicTest> blend_cases_match_opencv_and_scipy_on_both_twins() {
        return GoldenCases.onBothTwins(blendCases(), (c, k, r) -> {
            assertThat(r.reports()).as(c + ": the rule line was checked").anyMatch(t -> t.name().equals("rule(output)"));
            r.reports().stream().filter(t -> t.name().equals("rule(output)")).forEach(t -> System.out.println(t.text()));
        });
    }

    @TestFactory
    List<DynamicTest> identity_clone_drops_the_same_values_by_one_level_as_cv2() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : Implementations.both()) {
            tests.add(DynamicTest.dynamicTest("identity clone on " + k.name(), () -> {
                GoldenCase c = GoldenCase.open(DATA.resolve("clone_identity_120x140"));
                PoissonOps ops = PortraitBlendCases.opsFor(k);
                Image8 dst = PortraitBlendCases.image(c.tensor("dst")), mask = PortraitBlendCases.image(c.tensor("mask"));
                int px = c.intArg("px"), py = c.intArg("py");
                Image8 ours = SeamlessClone.apply(dst, dst, mask, px, py, CloneFlag.NORMAL, ops);
                int[] roi = c.intArray(c.arguments().path("roi"));
                long minusOne = 0, changed = 0, interior = 0;
                for (int y = 0; y < dst.height(); y++) {
                    for (int x = 0; x < dst.width(); x++) {
                        boolean in = x > roi[0] && x < roi[0] + roi[2] - 1 && y > roi[1] && y < roi[1] + roi[3] - 1;
                        for (int ch = 0; ch < 3; ch++) {
                            int d = ours.get(x, y, ch) - dst.get(x, y, ch);
                            if (d != 0) changed++;
                            if (in) { interior++; if (d == -1) minusOne++; }
                        }
                    }
                }
                long cv2MinusOne = c.checks().isMissingNode() ? -1 : GoldenCaseMeasured.of(c, "values_minus_one");
                System.out.printf("[identity clone] %s: %d of %d ROI interior values -1 (%.2f %%), cv2: %d; changed %d%n", k.name(),
                        minusOne, interior, 100.0 * minusOne / interior, cv2MinusOne, changed);
                assertThat(interior).isEqualTo(GoldenCaseMeasured.of(c, "roi_interior_values"));
                assertThat((double) minusOne / interior).as("share of ROI values one level down").isGreaterThan(0.9);
                assertThat(Math.abs(minusOne - cv2MinusOne)).as("values one level down, ours vs cv2").isLessThanOrEqualTo(interior / 2000);
                assertThat(changed).as("every change is one of the -1 values in the interior").isEqualTo(minusOne);
                // TEXTBOOK precision (double eigenvalues, rounding): the identity clone is the identity.
                Image8 textbook = SeamlessClone.solve(dst, dst, mask, px, py, CloneFlag.NORMAL, ops,
                        SeamlessClone.Precision.TEXTBOOK, 0.0).image();
                assertThat(textbook).as("identity clone in TEXTBOOK precision").isEqualTo(dst);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> erosion_without_the_zero_border_misses_cv2_by_tens_of_levels() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("clone_normal_64x64", "clone_mixed_97x131", "clone_monochrome_120x160")) {
            for (Kernels k : Implementations.both()) {
                tests.add(DynamicTest.dynamicTest(name + " on " + k.name(), () -> {
                    GoldenCase c = GoldenCase.open(DATA.resolve(name));
                    Image8 src = PortraitBlendCases.image(c.tensor("src")), dst = PortraitBlendCases.image(c.tensor("dst"));
                    Image8 mask = PortraitBlendCases.image(c.tensor("mask"));
                    Image8 wrong = SeamlessClone.solve(src, dst, mask, c.intArg("px"), c.intArg("py"), CloneFlag.valueOf(c.textArg("flag")),
                            PortraitBlendCases.opsFor(k), SeamlessClone.Precision.OPENCV, 0.0, SeamlessClone.ErosionBorder.NON_ERODING).image();
                    var ref = c.tensor("output");
                    double max = 0;
                    for (int i = 0; i < ref.numel(); i++) max = Math.max(max, Math.abs((wrong.data()[i] & 0xff) - ref.data()[i]));
                    System.out.printf("[negative] %s on %s: non-eroding border, max|java - cv2| = %.0f%n", name, k.name(), max);
                    assertThat(max).as("max |java - cv2| with an erosion that ignores the ROI's surroundings").isGreaterThanOrEqualTo(10);
                }));
            }
        }
        return tests;
    }

    /** The generator's own measurements of cv2's result (manifest "measured"). */
    static final class GoldenCaseMeasured {
        static long of(GoldenCase c, String key) {
            try {
                var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.dir().resolve("manifest.json").toFile());
                var v = root.path("measured").path(key);
                if (!v.canConvertToLong()) throw new IllegalStateException(c.dir() + "/manifest.json: measured." + key + " missing");
                return v.asLong();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
