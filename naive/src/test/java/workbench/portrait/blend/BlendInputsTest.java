/*
 * Blending's edge cases and error messages (lesson Sec. 3.4): wrong channel counts and sizes, a clone
 * point that pushes the ROI out of the frame, flags OpenCV 4.6 does not have, options out of range;
 * frames with no person and frames that are all person, for every variant.
 */
package workbench.portrait.blend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

class BlendInputsTest {
    static Image8 textured(int w, int h, int base) {
        Image8 img = new Image8(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) img.set(x, y, c, (base + 7 * x + 13 * y + 40 * c + (x * y) % 17) % 256);
            }
        }
        return img;
    }

    @Test
    void a_colour_mask_is_refused_with_the_way_to_make_one() {
        Image8 img = textured(20, 16, 3);
        assertThatThrownBy(() -> SeamlessClone.apply(img, img, img, 10, 8, CloneFlag.NORMAL, NaivePoisson.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one channel").hasMessageContaining("Matte.toMask");
    }

    @Test
    void a_clone_point_that_pushes_the_roi_out_of_the_destination_is_named() {
        Image8 img = textured(20, 16, 3);
        Image8 mask = new Image8(20, 16, 1);
        for (int y = 3; y < 12; y++) for (int x = 3; x < 15; x++) mask.set(x, y, 0, 255);
        assertThatThrownBy(() -> SeamlessClone.apply(img, img, mask, 2, 8, CloneFlag.NORMAL, NaivePoisson.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the destination").hasMessageContaining("(2, 8)");
    }

    @Test
    void wide_flags_and_bad_options_are_refused() {
        assertThatThrownBy(() -> CloneFlag.ofOpencv(9)).hasMessageContaining("_WIDE");
        assertThat(CloneFlag.ofOpencv(2)).isEqualTo(CloneFlag.MIXED);
        assertThatThrownBy(() -> BlendOptions.defaults().withBeta(1.0)).hasMessageContaining("beta");
        assertThatThrownBy(() -> BlendOptions.defaults().withEpsilon(-1)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> BlendOptions.defaults().withThreshold(0f)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> Blender.create(BlendMode.P2, null, NaivePoisson.INSTANCE)).hasMessageContaining("options");
    }

    @Test
    void a_matte_of_another_size_is_refused() {
        Blender b = Blender.create(BlendMode.P1, BlendOptions.defaults(), NaivePoisson.INSTANCE);
        assertThatThrownBy(() -> b.blend(textured(20, 16, 1), textured(20, 16, 2), new Matte(16, 20)))
                .hasMessageContaining("matte is 16x20").hasMessageContaining("20x16");
    }

    @Test
    void no_person_gives_the_background_and_an_all_person_frame_gives_the_person_in_every_variant() {
        Image8 fg = textured(24, 18, 5), bg = textured(24, 18, 90);
        float[] none = new float[24 * 18], all = new float[24 * 18];
        java.util.Arrays.fill(all, 1f);
        for (BlendMode mode : BlendMode.values()) {
            Image8 empty = Blender.create(mode, BlendOptions.defaults(), NaivePoisson.INSTANCE).blend(fg, bg, new Matte(24, 18, none));
            assertThat(empty).as(mode + " with no person").isEqualTo(bg);
            Image8 full = Blender.create(mode, BlendOptions.defaults(), NaivePoisson.INSTANCE).blend(fg, bg, new Matte(24, 18, all.clone()));
            if (mode == BlendMode.P0 || mode == BlendMode.P1 || mode == BlendMode.P3) {
                assertThat(full).as(mode + " with the whole frame as person").isEqualTo(fg);
            } else {
                // the clone variants keep the frame's outer ring (step 1 zeroes the mask's border) and the ROI ring from bg
                assertThat(full.get(0, 0, 0)).as(mode + " corner").isEqualTo(bg.get(0, 0, 0));
            }
        }
    }
}
