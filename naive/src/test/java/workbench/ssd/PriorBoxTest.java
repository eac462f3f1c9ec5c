/*
 * caffe's PriorBox layer, held to the expectations of weiliu89/caffe's src/caffe/test/test_prior_box_layer.cpp
 * (the numbers are caffe's; the test code is ours): a 10x10 map on a 100x100 image, min size 4, max size 9,
 * so the first prior of location (0, 0) spans 0.03..0.07 and the one of (4, 4) 0.43..0.47. Then the SSD300 /
 * SSD512 layer sets: 8732 and 24,564 boxes, and caffe's integer truncation of fractional sizes.
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import workbench.tensor.Tensor;

class PriorBoxTest {
    /** caffe's test eps. */
    static final float EPS = 1e-6f;
    static final double SQRT2 = Math.sqrt(2);
    /** Widths in pixels recovered from normalised float32 corners (x 512): 0.48 px apart is what is tested. */
    static final float WIDTH_PX = 1e-3f;

    private static PriorBox layer(float[] min, float[] max, float[] ratios, boolean flip, boolean clip, float[] variances) {
        return new PriorBox(min, max, ratios, flip, clip, variances, 0, 0, 0, 0, 0.5f);
    }

    private static float[] run(PriorBox p) {
        return p.forward(10, 10, 100, 100).data();
    }

    private static void near(float[] t, int at, double... expected) {
        for (int i = 0; i < expected.length; i++) assertThat((double) t[at + i]).as("top_data[%d]", at + i).isCloseTo(expected[i], within((double) EPS));
    }

    @Test
    void setup_gives_one_layer_of_h_w_priors_times_four_per_configuration() {
        float[] none = {};
        assertThat(layer(new float[] {4}, new float[] {9}, none, true, false, new float[] {0.1f}).forward(10, 10, 100, 100).shape())
                .containsExactly(1, 2, 100 * 2 * 4);
        assertThat(layer(new float[] {4, 14}, new float[] {9, 19}, none, true, false, new float[] {0.1f}).numPriors()).isEqualTo(4);
        assertThat(layer(new float[] {4}, none, none, true, false, new float[] {0.1f}).numPriors()).isEqualTo(1);
        assertThat(layer(new float[] {4, 14}, none, none, true, false, new float[] {0.1f}).numPriors()).isEqualTo(2);
        // aspect ratio 1 listed again is dropped; 2 without flip adds one prior
        assertThat(layer(new float[] {4}, new float[] {9}, new float[] {1, 2}, false, false, new float[] {0.1f}).numPriors()).isEqualTo(3);
        assertThat(layer(new float[] {4}, new float[] {9}, new float[] {2, 3}, false, false, new float[] {0.1f}).numPriors()).isEqualTo(4);
        assertThat(layer(new float[] {4}, new float[] {9}, new float[] {2, 3}, true, false, new float[] {0.1f}).numPriors()).isEqualTo(6);
        assertThat(layer(new float[] {4, 14}, new float[] {9, 19}, new float[] {2, 3}, true, false, new float[] {0.1f}).numPriors()).isEqualTo(12);
    }

    @Test
    void min_and_max_size_priors_sit_at_the_cell_centres_with_variance_0_1() {
        float[] t = run(layer(new float[] {4}, new float[] {9}, new float[0], true, false, new float[] {0.1f}));
        near(t, 0, 0.03, 0.03, 0.07, 0.07);
        near(t, 4, 0.02, 0.02, 0.08, 0.08);                  // sqrt(4 * 9) = 6
        near(t, 4 * 10 * 2 * 4 + 4 * 2 * 4, 0.43, 0.43, 0.47, 0.47);
        int dim = 100 * 2 * 4;
        for (int d = 0; d < dim; d++) assertThat(t[dim + d]).isCloseTo(0.1f, within(EPS));
    }

    @Test
    void without_max_size_there_is_one_prior_per_location() {
        float[] t = run(layer(new float[] {4}, new float[0], new float[0], true, false, new float[] {0.1f}));
        near(t, 0, 0.03, 0.03, 0.07, 0.07);
        near(t, 4 * 10 * 4 + 4 * 4, 0.43, 0.43, 0.47, 0.47);
    }

    @Test
    void one_variance_fills_every_coordinate_and_four_variances_repeat_per_box() {
        float[] one = run(layer(new float[] {4}, new float[] {9}, new float[0], true, false, new float[] {1f}));
        int dim = 100 * 2 * 4;
        for (int d = 0; d < dim; d++) assertThat(one[dim + d]).isCloseTo(1f, within(EPS));
        float[] four = run(layer(new float[] {4}, new float[] {9}, new float[0], true, false, new float[] {0.1f, 0.2f, 0.3f, 0.4f}));
        near(four, 0, 0.03, 0.03, 0.07, 0.07);
        for (int d = 0; d < dim; d++) assertThat((double) four[dim + d]).isCloseTo(0.1 * (d % 4 + 1), within((double) EPS));
    }

    @Test
    void aspect_ratio_2_without_flip_adds_one_wide_box() {
        float[] t = run(layer(new float[] {4}, new float[] {9}, new float[] {2}, false, false, new float[] {0.1f}));
        near(t, 8, 0.05 - 0.02 * SQRT2, 0.05 - 0.01 * SQRT2, 0.05 + 0.02 * SQRT2, 0.05 + 0.01 * SQRT2);
        int at = 4 * 10 * 3 * 4 + 4 * 3 * 4;
        near(t, at, 0.43, 0.43, 0.47, 0.47);
        near(t, at + 8, 0.45 - 0.02 * SQRT2, 0.45 - 0.01 * SQRT2, 0.45 + 0.02 * SQRT2, 0.45 + 0.01 * SQRT2);
    }

    @Test
    void flip_adds_the_tall_box_right_after_the_wide_one() {
        float[] t = run(layer(new float[] {4}, new float[] {9}, new float[] {2}, true, false, new float[] {0.1f}));
        near(t, 8, 0.05 - 0.02 * SQRT2, 0.05 - 0.01 * SQRT2, 0.05 + 0.02 * SQRT2, 0.05 + 0.01 * SQRT2);
        near(t, 12, 0.05 - 0.01 * SQRT2, 0.05 - 0.02 * SQRT2, 0.05 + 0.01 * SQRT2, 0.05 + 0.02 * SQRT2);
        int at = 4 * 10 * 4 * 4 + 4 * 4 * 4;
        near(t, at + 8, 0.45 - 0.02 * SQRT2, 0.45 - 0.01 * SQRT2, 0.45 + 0.02 * SQRT2, 0.45 + 0.01 * SQRT2);
        near(t, at + 12, 0.45 - 0.01 * SQRT2, 0.45 - 0.02 * SQRT2, 0.45 + 0.01 * SQRT2, 0.45 + 0.02 * SQRT2);
    }

    @Test
    void two_sizes_with_clip_list_each_sizes_boxes_in_turn_and_clamp_the_corners() {
        float[] t = run(layer(new float[] {4, 8}, new float[] {9, 18}, new float[] {2}, true, true, new float[] {0.1f}));
        near(t, 0, 0.03, 0.03, 0.07, 0.07);
        near(t, 16, 0.01, 0.01, 0.09, 0.09);                  // min size 8
        near(t, 20, 0.00, 0.00, 0.11, 0.11);                  // sqrt(8 * 18) = 12, clipped at 0
        near(t, 24, 0.00, 0.05 - 0.04 / SQRT2, 0.05 + 0.04 * SQRT2, 0.05 + 0.04 / SQRT2);
        near(t, 28, 0.05 - 0.04 / SQRT2, 0.00, 0.05 + 0.04 / SQRT2, 0.05 + 0.04 * SQRT2);
        int at = 8 * 10 * 4 * 4 + 8 * 4 * 4;
        near(t, at, 0.43, 0.43, 0.47, 0.47);
    }

    @Test
    void a_fixed_step_and_image_size_place_rows_beyond_the_image_of_the_data_layer() {
        PriorBox p = new PriorBox(new float[] {4}, new float[] {9}, new float[] {2}, true, false, new float[] {0.1f}, 100, 100, 10, 10, 0.5f);
        float[] t = p.forward(20, 10, 200, 100).data();
        near(t, 0, 0.03, 0.03, 0.07, 0.07);
        int at = 14 * 10 * 4 * 4 + 4 * 4 * 4;
        near(t, at, 0.43, 1.43, 0.47, 1.47);
        near(t, at + 8, 0.45 - 0.02 * SQRT2, 1.45 - 0.01 * SQRT2, 0.45 + 0.02 * SQRT2, 1.45 + 0.01 * SQRT2);
    }

    @Test
    void ssd300_has_8732_priors_5776_2166_600_150_36_4() {
        List<PriorBox> voc = PriorBox.ssd300(false);
        int[] perLayer = new int[6];
        int total = 0;
        for (int k = 0; k < 6; k++) {
            int m = PriorBox.SSD300_MAPS[k];
            perLayer[k] = m * m * voc.get(k).numPriors();
            total += perLayer[k];
        }
        assertThat(perLayer).containsExactly(5776, 2166, 600, 150, 36, 4);
        assertThat(total).isEqualTo(8732);
        assertThat(PriorBox.concat(voc, PriorBox.SSD300_MAPS, 300).dim(0)).isEqualTo(8732);
        assertThat(PriorBox.concat(PriorBox.ssd300(true), PriorBox.SSD300_MAPS, 300).dim(0)).isEqualTo(8732);
    }

    @Test
    void ssd512_has_24564_priors() {
        assertThat(PriorBox.concat(PriorBox.ssd512(), PriorBox.SSD512_MAPS, 512).dim(0)).isEqualTo(24564);
    }

    @Test
    void caffe_truncates_fractional_sizes_to_integers_before_use() {
        // SSD512's first layer: min 20.48 px, max 51.2 px; caffe uses 20 and 51
        PriorBox first = PriorBox.ssd512().get(0);
        Tensor boxes = PriorBox.boxes(first.forward(64, 64, 512, 512));
        float w0 = (boxes.get(0, 2) - boxes.get(0, 0)) * 512, w1 = (boxes.get(1, 2) - boxes.get(1, 0)) * 512;
        assertThat(w0).isCloseTo(20f, within(WIDTH_PX));
        assertThat(w1).isCloseTo((float) Math.sqrt(20 * 51), within(WIDTH_PX));
        // torchvision's generator keeps the fraction: 0.04 * 512 = 20.48
        DefaultBoxGenerator g = SsdConfig.ssd512(21).anchorGenerator();
        Tensor a = g.anchors(new int[][] {{64, 64}, {32, 32}, {16, 16}, {8, 8}, {4, 4}, {2, 2}, {1, 1}}, 512, 512);
        assertThat(a.get(0, 2) - a.get(0, 0)).isCloseTo(20.48f, within(WIDTH_PX));
    }

    @Test
    void ssd300_voc_sizes_follow_the_floor_of_the_ratio_step() {
        // ssd_pascal.py: ratios 20 + 17 k (floor(70 / 4) = 17, not 17.5) -> 60, 111, 162, 213, 264
        List<PriorBox> voc = PriorBox.ssd300(false);
        float[] mins = new float[6];
        for (int k = 0; k < 6; k++) mins[k] = voc.get(k).minSizes[0];
        assertThat(mins).containsExactly(30, 60, 111, 162, 213, 264);
        for (int k = 1; k < 6; k++) assertThat(mins[k]).isEqualTo((float) Math.floor(300 * (20 + 17 * (k - 1)) / 100.0));
    }

    @Test
    void bad_parameters_are_refused_with_the_reason() {
        assertThatThrownBy(() -> layer(new float[0], new float[0], new float[0], true, false, new float[] {0.1f}))
                .hasMessageContaining("must provide min_size");
        assertThatThrownBy(() -> layer(new float[] {10}, new float[] {5}, new float[0], true, false, new float[] {0.1f}))
                .hasMessageContaining("max_size must be greater than min_size");
    }
}
