/*
 * The synthetic portrait is what the demos say it is: one connected person, a probability with each
 * fault the clean-up of Sec. 2.2 removes (a detached blob, specks, a hole in the torso), the same pixels
 * for the same seed, and a clean-up that brings the mask closer to the truth than the bare threshold.
 */
package workbench.portrait.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workbench.portrait.matte.MaskCleanup;
import workbench.portrait.matte.MaskComponents;
import workbench.portrait.temporal.TemporalMetrics;

class SyntheticPortraitTest {
    @Test
    void the_person_is_one_connected_region_in_the_middle_of_the_frame() {
        Image8 truth = SyntheticPortrait.silhouette(320, 240);
        assertThat(MaskComponents.count8(truth)).isEqualTo(1);
        int on = 0;
        for (byte b : truth.data()) if (b != 0) on++;
        assertThat(on).isBetween(320 * 240 / 6, 320 * 240 / 2);
        assertThat(truth.get(160, 72, 0)).as("head").isEqualTo(255);
        assertThat(truth.get(5, 5, 0)).as("corner").isZero();
        assertThat(truth.get(160, 239, 0)).as("torso reaches the bottom edge").isEqualTo(255);
    }

    @Test
    void the_probability_has_faults_the_clean_up_removes() {
        SyntheticPortrait.Portrait p = SyntheticPortrait.make(320, 240, 4);
        MaskCleanup.Stages s = MaskCleanup.clean(p.probability(), 0.5f, 5);
        assertThat(s.components()).as("blob and specks beside the person").isGreaterThan(2);
        assertThat(MaskComponents.count8(s.output())).isEqualTo(1);
        double before = TemporalMetrics.iou(Matte.fromMask(s.threshold()).alpha(), Matte.fromMask(p.truth()).alpha());
        double after = TemporalMetrics.iou(Matte.fromMask(s.output()).alpha(), Matte.fromMask(p.truth()).alpha());
        assertThat(after).isGreaterThan(before).isGreaterThan(0.9);
        assertThat(p.truth().get(160, 192, 0)).isEqualTo(255);
        assertThat(s.threshold().get(160, 192, 0)).as("the hole in the torso").isZero();
        assertThat(s.output().get(160, 192, 0)).as("filled").isEqualTo(255);
    }

    @Test
    void the_same_seed_gives_the_same_pixels_and_another_seed_other_noise() {
        SyntheticPortrait.Portrait a = SyntheticPortrait.make(96, 64, 1), b = SyntheticPortrait.make(96, 64, 1), c = SyntheticPortrait.make(96, 64, 2);
        assertThat(a.picture()).isEqualTo(b.picture());
        assertThat(a.probability().alpha()).isEqualTo(b.probability().alpha());
        assertThat(a.truth()).isEqualTo(c.truth());
        assertThat(a.probability().alpha()).isNotEqualTo(c.probability().alpha());
        assertThat(SyntheticPortrait.scene(96, 64).sizeString()).isEqualTo("96x64 (RGB)");
    }

    @Test
    void a_size_too_small_to_draw_is_refused() {
        assertThatThrownBy(() -> SyntheticPortrait.make(16, 16, 0)).hasMessageContaining("16x16").hasMessageContaining("at least 32x32");
    }
}
