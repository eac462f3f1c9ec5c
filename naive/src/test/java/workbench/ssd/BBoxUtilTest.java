/*
 * Box arithmetic held to the expectations of weiliu89/caffe's src/caffe/test/test_bbox_util.cpp (numbers ported,
 * test code ours): JaccardOverlap, ClipBBox, EncodeBBox/DecodeBBox with CENTER_SIZE and variances
 * (0.1, 0.1, 0.2, 0.2), and MatchBBox on caffe's two ground truths and six predictions.
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import workbench.tensor.Tensor;

class BBoxUtilTest {
    static final float EPS = 1e-6f;
    /** caffe's tolerance where a log or a division by the variance is involved. */
    static final float EPS_DIVIDED = 1e-5f;
    static final float[] VARIANCES = {0.1f, 0.1f, 0.2f, 0.2f};

    private static Tensor box(double... xyxy) {
        float[] f = new float[xyxy.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) xyxy[i];
        return Tensor.of(f, f.length / 4, 4);
    }

    @Test
    void jaccard_overlap_partial_contained_and_disjoint() {
        Tensor ref = box(0.2, 0.3, 0.3, 0.5);
        assertThat(Boxes.iou(ref, box(0.1, 0.1, 0.3, 0.4))[0][0]).isCloseTo(1f / 7, within(EPS));
        assertThat(Boxes.iou(ref, box(0.1, 0.1, 0.4, 0.6))[0][0]).isCloseTo(2f / 15, within(EPS));
        assertThat(Boxes.iou(ref, box(0, 0, 0.1, 0.1))[0][0]).isCloseTo(0f, within(EPS));
    }

    @Test
    void clipping_keeps_an_inside_box_and_clamps_an_outside_one_to_the_unit_square() {
        assertThat(Boxes.clipToImage(box(0.2, 0.3, 0.3, 0.5), 1, 1).data()).containsExactly(0.2f, 0.3f, 0.3f, 0.5f);
        assertThat(Boxes.clipToImage(box(-0.2, -0.3, 1.3, 1.5), 1, 1).data()).containsExactly(0f, 0f, 1f, 1f);
    }

    @Test
    void center_size_encoding_divides_by_the_variances() {
        float[] t = BoxCoder.caffe(VARIANCES).encode(box(0, 0.2, 0.4, 0.5), box(0.1, 0.1, 0.3, 0.3)).data();
        assertThat(t[0]).isCloseTo(0f / 0.1f, within(EPS_DIVIDED));
        assertThat(t[1]).isCloseTo(0.75f / 0.1f, within(EPS_DIVIDED));
        assertThat(t[2]).isCloseTo((float) (Math.log(2.) / 0.2), within(EPS_DIVIDED));
        assertThat(t[3]).isCloseTo((float) (Math.log(3. / 2) / 0.2), within(EPS_DIVIDED));
    }

    @Test
    void center_size_decoding_inverts_the_encoding_for_every_prior() {
        BoxCoder coder = BoxCoder.caffe(VARIANCES);
        Tensor priors = Tensor.zeros(4, 4), codes = Tensor.zeros(4, 4);
        for (int i = 1; i < 5; i++) {
            float o = 0.1f * i;
            priors.set(o, i - 1, 0);
            priors.set(o, i - 1, 1);
            priors.set(o + 0.2f, i - 1, 2);
            priors.set(o + 0.2f, i - 1, 3);
            codes.set(0f, i - 1, 0);
            codes.set(7.5f, i - 1, 1);
            codes.set((float) (Math.log(2.) * 5), i - 1, 2);
            codes.set((float) (Math.log(3. / 2) * 5), i - 1, 3);
        }
        Tensor d = coder.decode(codes, priors);
        for (int i = 1; i < 5; i++) {
            assertThat(d.get(i - 1, 0)).isCloseTo(0f + (i - 1) * 0.1f, within(EPS_DIVIDED));
            assertThat(d.get(i - 1, 1)).isCloseTo(0.2f + (i - 1) * 0.1f, within(EPS_DIVIDED));
            assertThat(d.get(i - 1, 2)).isCloseTo(0.4f + (i - 1) * 0.1f, within(EPS_DIVIDED));
            assertThat(d.get(i - 1, 3)).isCloseTo(0.5f + (i - 1) * 0.1f, within(EPS_DIVIDED));
        }
    }

    /** caffe's FillBBoxes: two ground truths, six predictions with the overlaps written next to them. */
    private static float[][] fillBBoxesOverlaps() {
        Tensor gt = box(0.1, 0.1, 0.3, 0.3, 0.3, 0.3, 0.6, 0.5);
        Tensor pred = box(0.1, 0, 0.4, 0.3, 0, 0.1, 0.2, 0.3, 0.2, 0.1, 0.4, 0.4, 0.4, 0.3, 0.7, 0.5, 0.5, 0.4, 0.7, 0.7,
                0.7, 0.7, 0.8, 0.8);
        return Boxes.iou(gt, pred);
    }

    @Test
    void the_fill_bboxes_overlaps_are_caffes() {
        float[][] q = fillBBoxesOverlaps();
        float[] best = new float[6];
        for (int j = 0; j < 6; j++) best[j] = Math.max(q[0][j], q[1][j]);
        float[] expected = {4f / 9, 2f / 6, 2f / 8, 4f / 8, 1f / 11, 0f};
        for (int j = 0; j < 6; j++) assertThat(best[j]).as("overlap of prediction %d", j).isCloseTo(expected[j], within(EPS));
    }

    @Test
    void bipartite_matching_gives_each_ground_truth_its_best_prediction_only() {
        assertThat(Matcher.caffeMatch(fillBBoxesOverlaps(), -1, false)).containsExactly(0, -1, -1, 1, -1, -1);
    }

    @Test
    void per_prediction_matching_at_0_3_adds_prediction_1() {
        assertThat(Matcher.caffeMatch(fillBBoxesOverlaps(), 0.3f)).containsExactly(0, 0, -1, 1, -1, -1);
    }

    @Test
    void per_prediction_matching_at_0_001_adds_every_overlapping_prediction_but_not_the_disjoint_one() {
        assertThat(Matcher.caffeMatch(fillBBoxesOverlaps(), 0.001f)).containsExactly(0, 0, 0, 1, 1, -1);
    }
}
