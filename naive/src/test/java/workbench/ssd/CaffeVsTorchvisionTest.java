/*
 * The difference ledger of chapters/05-ssd (section "Where caffe and torchvision differ"): each entry shown
 * on numbers. Matching differences live in MatcherTest, size truncation in PriorBoxTest, SSD512's geometry and
 * pool3's ceil mode in SsdModelTest.
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import workbench.tensor.Tensor;

class CaffeVsTorchvisionTest {
    /** Corners agree to a thousandth of the image: both are float32 evaluations of the same products. */
    static final float SAME_BOX = 1e-3f;
    /** Scales are a handful of double operations. */
    static final double SCALE_EXACT = 1e-12;
    /** float32 logs and divisions of the same encoding in two orders. */
    static final float CODE_F32 = 1e-5f;
    /** Decoded widths of 1e3 px in float32: exp(4.135) x 40 px, a few ulps. */
    static final float DECODE_CLAMPED = 0.01f, DECODE_UNCLAMPED = 0.1f;
    /** Sums of six float32 log 2 terms. */
    static final float LOSS_F32 = 1e-6f;

    @Test
    void torchvision_anchors_equal_caffes_coco_priors_except_where_a_side_exceeds_the_image() {
        Tensor caffe = PriorBox.concat(PriorBox.ssd300(true), PriorBox.SSD300_MAPS, 300);   // corners / 300, not clipped
        int[][] grids = {{38, 38}, {19, 19}, {10, 10}, {5, 5}, {3, 3}, {1, 1}};
        Tensor tv = SsdConfig.ssd300(91).anchorGenerator().anchors(grids, 300, 300);        // pixels, (w, h) clamped to 1
        assertThat(tv.dim(0)).isEqualTo(caffe.dim(0)).isEqualTo(8732);
        int differing = 0, oversized = 0;
        for (int i = 0; i < tv.dim(0); i++) {
            float cw = (caffe.get(i, 2) - caffe.get(i, 0)) * 300, ch = (caffe.get(i, 3) - caffe.get(i, 1)) * 300;
            boolean tooBig = cw > 300.01f || ch > 300.01f;
            if (tooBig) oversized++;
            boolean same = true;
            for (int c = 0; c < 4; c++) same &= Math.abs(caffe.get(i, c) * 300 - tv.get(i, c)) < SAME_BOX * 300;
            if (!same) {
                differing++;
                assertThat(tooBig).as("row %d differs although caffe's box fits the image", i).isTrue();
            }
        }
        // the 1x1 and 3x3 maps' ratio-2 and ratio-3 boxes of scale 0.87 / 0.69 are wider than the image
        assertThat(differing).isEqualTo(oversized).isPositive();
    }

    @Test
    void the_paper_the_caffe_script_and_torchvision_choose_different_scales() {
        // paper Eq. (4) with s_min 0.2, s_max 0.9 and m = 6
        double[] paper = DefaultBoxGenerator.paperScales(6, 0.2, 0.9);
        double[] expectedPaper = {0.2, 0.34, 0.48, 0.62, 0.76, 0.9};
        for (int k = 0; k < 6; k++) assertThat(paper[k]).isCloseTo(expectedPaper[k], within(SCALE_EXACT));
        // caffe's ssd_pascal.py: 0.1 for conv4_3, then 20 + 17k percent
        List<PriorBox> voc = PriorBox.ssd300(false);
        double[] caffe = new double[6];
        for (int k = 0; k < 6; k++) caffe[k] = voc.get(k).minSizes[0] / 300.0;
        assertThat(caffe).containsExactly(0.1, 0.2, 0.37, 0.54, 0.71, 0.88);
        // torchvision's ssd300_vgg16: caffe's COCO sizes
        assertThat(SsdConfig.ssd300(91).scales()).containsExactly(0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05);
    }

    @Test
    void torchvision_weights_are_caffes_inverse_variances_and_only_torchvision_clamps_the_size_offsets() {
        Tensor anchors = Tensor.of(new float[] {10, 20, 50, 80}, 1, 4);
        Tensor gt = Tensor.of(new float[] {5, 30, 70, 95}, 1, 4);
        Tensor a = BoxCoder.torchvision().encode(gt, anchors), b = BoxCoder.caffe(new float[] {0.1f, 0.1f, 0.2f, 0.2f}).encode(gt, anchors);
        for (int c = 0; c < 4; c++) assertThat(a.data()[c]).isCloseTo(b.data()[c], within(CODE_F32));
        Tensor huge = Tensor.of(new float[] {0, 0, 30, 30}, 1, 4);        // t_w = 30 / 5 = 6 > log(1000/16) = 4.135
        float tv = BoxCoder.torchvision().decode(huge, anchors).get(0, 2), cf = BoxCoder.caffe(new float[] {0.1f, 0.1f, 0.2f, 0.2f}).decode(huge, anchors).get(0, 2);
        assertThat(tv).isCloseTo(30 + 0.5f * 40 * 1000 / 16f, within(DECODE_CLAMPED));
        assertThat(cf).isCloseTo(30 + 0.5f * 40 * (float) Math.exp(6), within(DECODE_UNCLAMPED));
    }

    @Test
    void torchvision_clips_decoded_detections_to_the_image_and_caffes_deploy_output_does_not() {
        Tensor anchors = Tensor.of(new float[] {-10, -10, 40, 40}, 1, 4);
        Tensor reg = Tensor.zeros(1, 1, 4);
        Tensor logits = Tensor.of(new float[] {0, 4}, 1, 1, 2);
        Detections tv = PostProcess.torchvision().apply(reg, logits, 0, anchors, 30, 30);
        Detections cf = PostProcess.caffe().apply(reg, logits, 0, anchors, 30, 30);
        assertThat(tv.boxes().data()).containsExactly(0f, 0f, 30f, 30f);
        assertThat(cf.boxes().data()).containsExactly(-10f, -10f, 40f, 40f);
    }

    @Test
    void torchvision_counts_positives_again_when_three_times_the_positives_exceed_the_negatives() {
        // 4 default boxes, 2 of them matched: 3 x 2 = 6 "negatives" wanted, only 2 exist
        SsdLoss loss = SsdLoss.torchvision();
        Tensor anchors = Tensor.of(new float[] {0, 0, 10, 10, 10, 0, 20, 10, 0, 10, 10, 20, 10, 10, 20, 20}, 4, 4);
        SsdLoss.Target t = new SsdLoss.Target(Tensor.of(new float[] {0, 0, 10, 10, 10, 0, 20, 10}, 2, 4), new int[] {1, 1});
        int[] m = loss.match(t, anchors);
        assertThat(m).containsExactly(0, 1, -1, -1);
        Tensor logits = Tensor.zeros(1, 4, 2);                             // every cross-entropy is log 2
        SsdLoss.Losses l = loss.computeLoss(List.of(t), Tensor.zeros(1, 4, 4), logits, List.of(anchors), List.of(m));
        // positives once (2 log 2) + ranks < 6 of 4 boxes = all four (4 log 2), over N = 2
        assertThat(l.classification()).isCloseTo((float) (6 * Math.log(2) / 2), within(LOSS_F32));
        // caffe's MultiBoxLoss mines only among negatives: (2 + 2) log 2 / 2
        assertThat(MultiBoxLoss.caffe().apply(List.of(t), Tensor.zeros(1, 4, 4), logits, anchors).classification())
                .isCloseTo((float) (4 * Math.log(2) / 2), within(LOSS_F32));
    }
}
