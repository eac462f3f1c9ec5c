/*
 * The chain's contract for its callers (Sec. 2.4): defaults, the empty frame, size checks, and that
 * the matte stays in [0, 1] and follows the mask (inside 1, far outside 0).
 */
package workbench.portrait.matte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

class EdgeCorrectionTest {
    @Test
    void defaults_are_the_documented_ones() {
        EdgeCorrection.Options o = EdgeCorrection.Options.defaults();
        assertThat(o.threshold()).isEqualTo(0.5f);
        assertThat(o.kernelSize()).isEqualTo(5);
        assertThat(o.radius()).isEqualTo(8);
        assertThat(o.eps()).isEqualTo(1e-3 * 255 * 255, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void nobody_in_the_frame_gives_an_empty_result_and_a_zero_matte() {
        Image8 frame = GuidedFilterPropertiesTest.noiseImage(20, 16, 3, 5);
        EdgeCorrection.Result r = EdgeCorrection.run(frame, new Matte(20, 16), EdgeCorrection.Options.defaults(), NaiveGuidedFilter.INSTANCE);
        assertThat(r.empty()).isTrue();
        assertThat(r.matte().alpha()).containsOnly(0f);
    }

    @Test
    void the_matte_stays_in_zero_one_and_follows_the_cleaned_mask() {
        int w = 40, h = 30;
        Image8 frame = GuidedFilterPropertiesTest.noiseImage(w, h, 3, 6);
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) p[y * w + x] = (x - 20) * (x - 20) + (y - 15) * (y - 15) < 100 ? 0.9f : 0.1f;
        EdgeCorrection.Result r = EdgeCorrection.run(frame, new Matte(w, h, p), EdgeCorrection.Options.defaults().withRadius(3),
                NaiveGuidedFilter.INSTANCE);
        assertThat(r.empty()).isFalse();
        for (float a : r.matte().alpha()) assertThat(a).isBetween(0f, 1f);
        assertThat(r.matte().get(20, 15)).isGreaterThan(0.9f);
        assertThat(r.matte().get(1, 1)).isLessThan(0.1f);
        assertThat(EdgeCorrection.refine(frame, new Matte(w, h, p), EdgeCorrection.Options.defaults().withRadius(3),
                NaiveGuidedFilter.INSTANCE).alpha()).containsExactly(r.matte().alpha());
    }

    @Test
    void sizes_and_options_are_checked() {
        Image8 frame = new Image8(10, 8, 3);
        assertThatThrownBy(() -> EdgeCorrection.refine(frame, new Matte(8, 10), EdgeCorrection.Options.defaults(), NaiveGuidedFilter.INSTANCE))
                .hasMessageContaining("frame is 10x8").hasMessageContaining("HINT");
        assertThatThrownBy(() -> EdgeCorrection.Options.defaults().withEps(0)).hasMessageContaining("eps");
        assertThatThrownBy(() -> EdgeCorrection.Options.defaults().withThreshold(1.5f)).hasMessageContaining("threshold");
    }
}
