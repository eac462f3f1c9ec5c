/*
 * What the guided filter must do whatever the implementation (Sec. 2.3), checked on the naive twin
 * (the vectorized twin is held to it by its twin test and by the goldens):
 *   - a constant guide has no edges: a = 0, b = mean(p), so q = mean(mean(p));
 *   - filtering the guide itself with eps -> 0 returns the guide (a = 1, b = 0 in every window), for a
 *     guide with texture in every window and channel: where a channel is flat (e.g. saturated at 255)
 *     Sigma is singular, eps -> 0 makes its inverse explode, and float32 noise in cov(I, p) is amplified
 *     (the same happens in ximgproc; eps in level units squared of 1 or more avoids it);
 *   - BoxBorder maps outside indices as OpenCV's REFLECT and REFLECT_101, also for windows wider than the image.
 */
package workbench.portrait.matte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import workbench.portrait.image.Image8;

class GuidedFilterPropertiesTest {
    static final GuidedFilterOps OPS = NaiveGuidedFilter.INSTANCE;

    static Image8 noiseImage(int w, int h, int channels, long seed) {
        Random rnd = new Random(seed);
        byte[] d = new byte[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int v = 40 + 2 * x + y * (c + 1) + rnd.nextInt(60);   // below 255 up to 40x40: no flat, saturated windows
                    d[(y * w + x) * channels + c] = (byte) Math.min(255, v);
                }
            }
        }
        return new Image8(w, h, channels, d);
    }

    static float[] noisePlane(int n, long seed) {
        Random rnd = new Random(seed);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = rnd.nextFloat();
        return p;
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void constant_guide_gives_the_box_mean_of_the_box_mean_of_p() {
        int w = 23, h = 17, r = 3;
        float[] p = noisePlane(w * h, 1);
        float[] expected = OPS.boxMean(OPS.boxMean(p, w, h, r, BoxBorder.REFLECT), w, h, r, BoxBorder.REFLECT);
        for (int channels : new int[] {1, 3}) {
            Image8 flat = new Image8(w, h, channels);
            java.util.Arrays.fill(flat.data(), (byte) 137);
            float[] q = OPS.filter(flat, p, r, 50.0, BoxBorder.REFLECT);
            assertThat(maxAbs(q, expected)).as("constant %d-channel guide", channels).isLessThan(1e-5);
        }
    }

    @Test
    void the_guide_filtered_by_itself_with_tiny_eps_is_the_guide() {
        int w = 31, h = 19;
        Image8 grey = noiseImage(w, h, 1, 2);
        float[] I = NaiveGuidedFilter.channel(grey, 0);
        float[] q = OPS.filter(grey, I, 2, 1e-6, BoxBorder.REFLECT);
        assertThat(maxAbs(q, I)).as("grey guide, p = I, eps = 1e-6 (levels)").isLessThan(0.05);

        Image8 rgb = noiseImage(w, h, 3, 3);
        for (int c = 0; c < 3; c++) {
            float[] Ic = NaiveGuidedFilter.channel(rgb, c);
            float[] qc = OPS.filter(rgb, Ic, 2, 1e-6, BoxBorder.REFLECT);
            assertThat(maxAbs(qc, Ic)).as("colour guide, p = channel %d", c).isLessThan(0.05);
        }
        // and a large eps does smooth: the same call is then far from the guide
        assertThat(maxAbs(OPS.filter(grey, I, 2, 1e6, BoxBorder.REFLECT), I)).isGreaterThan(5);
    }

    @Test
    void box_border_maps_indices_like_opencv_border_interpolate() {
        // abcde: REFLECT  ..cba|abcde|edc..,  REFLECT_101  ..dcb|abcde|dcb..
        assertThat(new int[] {BoxBorder.REFLECT.index(-1, 5), BoxBorder.REFLECT.index(-3, 5), BoxBorder.REFLECT.index(5, 5),
                BoxBorder.REFLECT.index(7, 5)}).containsExactly(0, 2, 4, 2);
        assertThat(new int[] {BoxBorder.REFLECT_101.index(-1, 5), BoxBorder.REFLECT_101.index(-3, 5),
                BoxBorder.REFLECT_101.index(5, 5), BoxBorder.REFLECT_101.index(7, 5)}).containsExactly(1, 3, 3, 1);
        // windows wider than the image reflect again: abc -> ..bcc|cba|abc|cba|..
        assertThat(BoxBorder.REFLECT.index(-5, 3)).isEqualTo(1);
        assertThat(BoxBorder.REFLECT.index(7, 3)).isEqualTo(1);
        assertThat(BoxBorder.REFLECT_101.index(-4, 3)).isEqualTo(0);
        assertThat(BoxBorder.REFLECT.index(-9, 1)).isZero();
    }

    @Test
    void bad_arguments_are_named() {
        Image8 g = noiseImage(5, 4, 3, 4);
        assertThatThrownBy(() -> OPS.filter(g, new float[19], 1, 1, BoxBorder.REFLECT))
                .hasMessageContaining("p has 19 values").hasMessageContaining("HINT");
        assertThatThrownBy(() -> OPS.filter(g, new float[20], -1, 1, BoxBorder.REFLECT)).hasMessageContaining("radius");
        assertThatThrownBy(() -> OPS.filter(g, new float[20], 1, -1, BoxBorder.REFLECT)).hasMessageContaining("eps");
    }
}
