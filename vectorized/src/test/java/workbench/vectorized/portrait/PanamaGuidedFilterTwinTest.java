/*
 * PanamaGuidedFilter vs its naive twin (chapter 04, Sec. 2.3) on seeded random planes and guides:
 * widths below, at and above the lane count (tails), width or height 1, radii wider than the image,
 * both borders, grey and colour guides.
 */
package workbench.vectorized.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import workbench.portrait.image.Image8;
import workbench.portrait.matte.BoxBorder;
import workbench.portrait.matte.NaiveGuidedFilter;

class PanamaGuidedFilterTwinTest {
    static final int[][] SIZES = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {8, 8}, {9, 4}, {16, 3}, {17, 11}, {33, 20}, {64, 9}};

    @Test
    void box_means_match_the_naive_twin() {
        PanamaGuidedFilter panama = new PanamaGuidedFilter();
        double worst = 0;
        Random rnd = new Random(11);
        for (int[] s : SIZES) {
            for (int r : new int[] {0, 1, 3, 9}) {
                for (BoxBorder b : BoxBorder.values()) {
                    float[] p = new float[s[0] * s[1]];
                    for (int i = 0; i < p.length; i++) p[i] = rnd.nextFloat() * 255;
                    float[] want = NaiveGuidedFilter.INSTANCE.boxMean(p, s[0], s[1], r, b);
                    float[] got = panama.boxMean(p, s[0], s[1], r, b);
                    for (int i = 0; i < p.length; i++) {
                        double d = Math.abs(got[i] - want[i]);
                        worst = Math.max(worst, d);
                        assertThat(d).as("%dx%d r=%d %s at %d", s[0], s[1], r, b, i).isLessThanOrEqualTo(2e-5);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "PanamaGuidedFilter.boxMean vs naive: max|d| = %.2e (values 0..255)%n", worst);
    }

    @Test
    void guided_filters_match_the_naive_twin() {
        PanamaGuidedFilter panama = new PanamaGuidedFilter();
        double worst = 0;
        Random rnd = new Random(12);
        for (int[] s : SIZES) {
            for (int channels : new int[] {1, 3}) {
                for (int r : new int[] {1, 4}) {
                    byte[] g = new byte[s[0] * s[1] * channels];
                    rnd.nextBytes(g);
                    Image8 guide = new Image8(s[0], s[1], channels, g);
                    float[] p = new float[s[0] * s[1]];
                    for (int i = 0; i < p.length; i++) p[i] = rnd.nextFloat();
                    float[] want = NaiveGuidedFilter.INSTANCE.filter(guide, p, r, 65.025, BoxBorder.REFLECT);
                    float[] got = panama.filter(guide, p, r, 65.025, BoxBorder.REFLECT);
                    for (int i = 0; i < p.length; i++) {
                        double d = Math.abs(got[i] - want[i]);
                        worst = Math.max(worst, d);
                        assertThat(d).as("%dx%d, %d channels, r=%d at %d", s[0], s[1], channels, r, i).isLessThanOrEqualTo(1e-5);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "PanamaGuidedFilter.filter vs naive: max|d| = %.2e (p in 0..1)%n", worst);
    }
}
