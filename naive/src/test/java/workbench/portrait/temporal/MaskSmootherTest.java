/*
 * The smoothing rules of Sec. 5.2 on hand-sized inputs whose answers follow from the definitions
 * (the golden comparison with numpy is PortraitVideoGoldenTest), and the parser's messages.
 */
package workbench.portrait.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import workbench.portrait.image.Matte;

class MaskSmootherTest {
    static Matte m(float... a) { return new Matte(a.length, 1, a); }

    @Test
    void ema_starts_at_the_first_frame_and_moves_a_fraction_one_minus_beta_toward_each_new_one() {
        EmaSmoother s = new EmaSmoother(0.75f);
        assertThat(s.next(m(0f, 1f)).alpha()).containsExactly(0f, 1f);
        assertThat(s.next(m(1f, 1f)).alpha()).containsExactly(0.25f, 1f);
        assertThat(s.next(m(1f, 0f)).alpha()).containsExactly(0.4375f, 0.75f);
        s.reset();
        assertThat(s.next(m(0.5f, 0.5f)).alpha()).containsExactly(0.5f, 0.5f);
    }

    @Test
    void gated_ema_follows_a_large_change_at_once_and_smooths_a_small_one() {
        GatedEmaSmoother s = new GatedEmaSmoother(0.5f, 0.3f);
        s.next(m(0f, 0f));
        assertThat(s.next(m(1f, 0.2f)).alpha()).containsExactly(1f, 0.1f);
    }

    @Test
    void hysteresis_keeps_its_state_between_the_thresholds() {
        HysteresisSmoother s = new HysteresisSmoother(0.35f, 0.65f);
        assertThat(s.next(m(0.6f, 0.4f, 0.5f)).alpha()).containsExactly(1f, 0f, 1f);
        assertThat(s.next(m(0.4f, 0.6f, 0.3f)).alpha()).containsExactly(1f, 0f, 0f);
        assertThat(s.next(m(0.3f, 0.7f, 0.64f)).alpha()).containsExactly(0f, 1f, 0f);
    }

    @Test
    void metrics_of_a_shift_by_one_pixel() {
        // truth moves one pixel right per frame; the prediction stays put
        TemporalMetrics t = new TemporalMetrics();
        t.add(m(1, 1, 0, 0), m(1, 1, 0, 0));
        t.add(m(1, 1, 0, 0), m(0, 1, 1, 0));
        assertThat(t.iouPerFrame()).containsExactly(1.0, 1.0 / 3.0);
        assertThat(t.naiveFlicker()).isZero();
        // (dm - dg) = (0 - (-1), 0, 0 - 1, 0) -> sum of squares 2 over 4 pixels
        assertThat(t.dtssd()).isCloseTo(100 * Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void parse_takes_the_four_rules_and_names_a_bad_one() {
        assertThat(MaskSmoother.parse("none")).isSameAs(MaskSmoother.NONE);
        assertThat(MaskSmoother.parse("ema:0.8").describe()).isEqualTo("ema:0.8");
        assertThat(MaskSmoother.parse("gated:0.8:0.3").describe()).isEqualTo("gated:0.8:0.3");
        assertThat(MaskSmoother.parse("hysteresis:0.35:0.65").describe()).isEqualTo("hysteresis:0.35:0.65");
        assertThatThrownBy(() -> MaskSmoother.parse("ema")).hasMessageContaining("expected none, ema:BETA");
        assertThatThrownBy(() -> MaskSmoother.parse("ema:1.5")).hasMessageContaining("beta must be in [0, 1)");
        assertThatThrownBy(() -> MaskSmoother.parse("hysteresis:0.7:0.3")).hasMessageContaining("low <= high");
    }
}
