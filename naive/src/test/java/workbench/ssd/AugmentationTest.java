/*
 * SSD's data augmentation (Sec. 2.2): deterministic under a seed, boxes moved with the image by every step,
 * boxes whose centre leaves the crop dropped, the seven samplers' constraints met, and an image without boxes
 * handled (every constrained sampler fails, the whole image is used).
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workbench.tensor.Tensor;

class AugmentationTest {
    /** Patch sides come from float32 products of sampled scale and sqrt(ratio). */
    static final float PATCH_F32 = 1e-4f;
    /** Box coordinates times 300/80 in float32. */
    static final float RESIZE_F32 = 1e-4f;
    /** RGB -> HSV -> RGB round trip in float32, 0..255 values. */
    static final float HSV_ROUND_TRIP = 1e-3f;

    private static Augmentation.Sample sample() {
        Tensor img = Tensor.uniform(3, 0f, 255f, 3, 60, 80);
        Tensor boxes = Tensor.of(new float[] {10, 5, 40, 30, 50, 20, 75, 55}, 2, 4);
        return new Augmentation.Sample(img, boxes, new int[] {3, 7});
    }

    @Test
    void the_same_seed_gives_the_same_sample_and_another_seed_another() {
        Augmentation aug = Augmentation.ssd300();
        Augmentation.Sample a = aug.apply(sample(), 42), b = aug.apply(sample(), 42);
        assertThat(a.image().data()).containsExactly(b.image().data());
        assertThat(a.boxes().data()).containsExactly(b.boxes().data());
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(a.image().shape()).containsExactly(3, 300, 300);
        boolean anyDifferent = false;
        for (long seed = 1; seed < 6; seed++) anyDifferent |= !java.util.Arrays.equals(aug.apply(sample(), seed).image().data(), a.image().data());
        assertThat(anyDifferent).isTrue();
    }

    @Test
    void there_are_seven_samplers_the_whole_image_and_six_patches() {
        assertThat(Augmentation.SSD_SAMPLERS).hasSize(7);
        assertThat(Augmentation.sampleBBox(Augmentation.SSD_SAMPLERS.get(0), new SplittableRandom(1))).containsExactly(0f, 0f, 1f, 1f);
        assertThat(Augmentation.SSD_SAMPLERS.subList(1, 6).stream().map(Augmentation.BatchSampler::minJaccard).toList())
                .containsExactly(0.1f, 0.3f, 0.5f, 0.7f, 0.9f);
    }

    @Test
    void a_patch_found_for_min_overlap_0_7_overlaps_some_object_by_at_least_0_7() {
        Augmentation.Sample s = sample();
        Augmentation.BatchSampler b = Augmentation.SSD_SAMPLERS.get(4);
        Tensor gt = Tensor.of(new float[] {10 / 80f, 5 / 60f, 40 / 80f, 30 / 60f, 50 / 80f, 20 / 60f, 75 / 80f, 55 / 60f}, 2, 4);
        int found = 0;
        for (long seed = 0; seed < 40; seed++) {
            for (float[] p : Augmentation.generate(b, s, new SplittableRandom(seed))) {
                found++;
                float[][] q = Boxes.iou(Tensor.of(p, 1, 4), gt);
                assertThat(Math.max(q[0][0], q[0][1])).isGreaterThanOrEqualTo(0.7f);
                float w = p[2] - p[0], h = p[3] - p[1];
                assertThat(w * h).isBetween(0.3f * 0.3f - PATCH_F32, 1f + PATCH_F32);    // scale^2 = area
                assertThat(w / h).isBetween(0.5f - PATCH_F32, 2f + PATCH_F32);
            }
        }
        assertThat(found).isPositive();
    }

    @Test
    void cropping_drops_boxes_whose_centre_leaves_the_patch_and_clips_the_rest() {
        // patch x 0..40, y 0..30 of the 80x60 image: box 0 (centre 25, 17.5) stays, box 1 (centre 62.5, 37.5) goes
        Augmentation.Sample c = Augmentation.crop(sample(), new float[] {0f, 0f, 0.5f, 0.5f});
        assertThat(c.image().shape()).containsExactly(3, 30, 40);
        assertThat(c.labels()).containsExactly(3);
        assertThat(c.boxes().data()).containsExactly(10f, 5f, 40f, 30f);
        // a patch holding box 1's centre but cutting it: clipped to the patch
        Augmentation.Sample d = Augmentation.crop(sample(), new float[] {0.5f, 0.5f, 1f, 1f});
        assertThat(d.labels()).containsExactly(7);
        assertThat(d.boxes().data()).containsExactly(10f, 0f, 35f, 25f);
        assertThat(d.image().get(1, 0, 0)).isEqualTo(sample().image().get(1, 30, 40));
    }

    @Test
    void expansion_puts_the_image_on_a_mean_canvas_and_moves_the_boxes_by_the_offset() {
        Augmentation.Sample s = sample();
        Augmentation.Sample e = Augmentation.expandBy(s, 2f, 0.5, 0.25);
        assertThat(e.image().shape()).containsExactly(3, 120, 160);
        int left = 40, top = 15;
        assertThat(e.boxes().data()).containsExactly(10f + left, 5f + top, 40f + left, 30f + top, 50f + left, 20f + top, 75f + left, 55f + top);
        assertThat(e.image().get(2, top + 7, left + 9)).isEqualTo(s.image().get(2, 7, 9));
        assertThat(e.image().get(0, 0, 0)).isEqualTo(Augmentation.MEAN_RGB[0]);
    }

    @Test
    void flipping_mirrors_pixels_and_boxes() {
        Augmentation.Sample s = sample(), f = Augmentation.flip(s);
        assertThat(f.boxes().data()).containsExactly(80f - 40, 5f, 80f - 10, 30f, 80f - 75, 20f, 80f - 50, 55f);
        assertThat(f.image().get(0, 3, 0)).isEqualTo(s.image().get(0, 3, 79));
    }

    @Test
    void resizing_scales_boxes_with_the_image() {
        Augmentation.Sample r = Augmentation.resize(sample(), 300, 300);
        assertThat(r.boxes().get(1, 2)).isCloseTo(75f * 300 / 80, within(RESIZE_F32));
        assertThat(r.boxes().get(1, 3)).isCloseTo(55f * 300 / 60, within(RESIZE_F32));
    }

    @Test
    void an_image_without_boxes_falls_back_to_the_whole_image_without_error() {
        Augmentation.Sample empty = new Augmentation.Sample(Tensor.uniform(5, 0f, 255f, 3, 40, 50), Tensor.zeros(0, 4), new int[0]);
        for (Augmentation.BatchSampler b : Augmentation.SSD_SAMPLERS.subList(1, 6)) {
            assertThat(Augmentation.generate(b, empty, new SplittableRandom(3))).isEmpty();
        }
        Augmentation.Sample out = Augmentation.ssd300().apply(empty, 9);
        assertThat(out.boxes().dim(0)).isZero();
        assertThat(out.image().shape()).containsExactly(3, 300, 300);
    }

    @Test
    void photometric_distortion_keeps_pixels_in_range_and_boxes_unchanged() {
        Augmentation aug = Augmentation.ssd300();
        for (long seed = 0; seed < 8; seed++) {
            Augmentation.Sample d = aug.distort(sample(), new SplittableRandom(seed));
            assertThat(d.image().min()).isGreaterThanOrEqualTo(0f);
            assertThat(d.image().max()).isLessThanOrEqualTo(255f);
            assertThat(d.boxes().data()).containsExactly(sample().boxes().data());
        }
        float[] hsv = new float[3], rgb = new float[3];
        Augmentation.rgbToHsv(200, 40, 90, hsv);
        Augmentation.hsvToRgb(hsv, rgb);
        assertThat(rgb[0]).isCloseTo(200f, within(HSV_ROUND_TRIP));
        assertThat(rgb[1]).isCloseTo(40f, within(HSV_ROUND_TRIP));
        assertThat(rgb[2]).isCloseTo(90f, within(HSV_ROUND_TRIP));
    }

    @Test
    void a_sample_with_mismatched_labels_is_refused() {
        assertThatThrownBy(() -> new Augmentation.Sample(Tensor.zeros(3, 4, 4), Tensor.zeros(2, 4), new int[] {1}))
                .hasMessageContaining("2 boxes but 1 labels");
    }
}
