/*
 * Facts of chapter 05 that need no official code: feature-map sizes and default-box counts (8732 for SSD300,
 * 24,564 for caffe's SSD512), the head's row order, the L2Norm of an all-zero location, and the messages for
 * bad input (wrong class count in a checkpoint, zero-area boxes, an image without boxes).
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.tensor.Tensor;

class SsdModelTest {
    /** A softmax of three float32 logits. */
    static final float SOFTMAX_F32 = 1e-6f;

    private static int[] flat(int[][] sizes) {
        int[] out = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            assertThat(sizes[i][0]).isEqualTo(sizes[i][1]);
            out[i] = sizes[i][0];
        }
        return out;
    }

    @Test
    void ssd300_maps_are_38_19_10_5_3_1_because_pool3_rounds_up() {
        SSDFeatureExtractorVGG b = new SSD(SsdConfig.ssd300(21)).backbone;
        assertThat(flat(b.mapSizes(300, 300))).containsExactly(38, 19, 10, 5, 3, 1);
    }

    @Test
    void ssd300_has_8732_default_boxes_5776_2166_600_150_36_4() {
        SsdConfig c = SsdConfig.ssd300(21);
        int[][] grids = new SSD(c).backbone.mapSizes(300, 300);
        int[] a = c.numAnchors();
        int[] per = new int[grids.length];
        for (int k = 0; k < grids.length; k++) per[k] = grids[k][0] * grids[k][1] * a[k];
        assertThat(per).containsExactly(5776, 2166, 600, 150, 36, 4);
        assertThat(c.anchorGenerator().anchors(grids, 300, 300).dim(0)).isEqualTo(8732);
    }

    @Test
    void caffe_ssd512_has_24564_default_boxes_and_torchvisions_highres_extractor_24732() {
        SsdConfig caffe = SsdConfig.ssd512(21), tv = SsdConfig.ssd512Torchvision(21);
        int[][] g = new SSD(caffe).backbone.mapSizes(512, 512);
        assertThat(flat(g)).containsExactly(64, 32, 16, 8, 4, 2, 1);
        assertThat(caffe.anchorGenerator().count(g)).isEqualTo(24564);
        int[][] h = new SSD(tv).backbone.mapSizes(512, 512);
        assertThat(flat(h)).containsExactly(64, 32, 16, 8, 6, 4, 1);
        assertThat(tv.anchorGenerator().count(h)).isEqualTo(24732);
        // one checkpoint fits both geometries
        Map<String, String> a = shapes(new SSD(caffe)), b = shapes(new SSD(tv));
        assertThat(a).isEqualTo(b);
        assertThat(a).containsKey("backbone.extra.5.2.weight");
    }

    private static Map<String, String> shapes(SSD m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.shapeString()));
        return out;
    }

    @Test
    void fc6_is_a_dilated_3x3_conv_and_pool5_keeps_the_size() {
        SSD m = new SSD(SsdConfig.ssd300(21));
        var fc = (workbench.nn.Sequential) ((workbench.nn.Sequential) m.backbone.extra.get(0)).get(7);
        var pool5 = (workbench.nn.MaxPool2d) fc.get(0);
        var fc6 = (workbench.nn.Conv2d) fc.get(1);
        assertThat(pool5.spec.kh()).isEqualTo(3);
        assertThat(pool5.spec.strideH()).isEqualTo(1);
        assertThat(fc6.spec.dilationH()).isEqualTo(6);
        assertThat(fc6.spec.padH()).isEqualTo(6);
        assertThat(fc6.outChannels).isEqualTo(1024);
        assertThat(m.backbone.scale_weight.data()).containsOnly(20f);
    }

    @Test
    void head_rows_run_over_y_then_x_then_anchor() {
        // channel a*K + k of a 2x3 map holds the value 1000 a + 100 k + 10 y + x
        int a = 2, k = 3, h = 2, w = 3;
        Tensor y = Tensor.zeros(1, a * k, h, w);
        for (int an = 0; an < a; an++)
            for (int c = 0; c < k; c++)
                for (int yy = 0; yy < h; yy++)
                    for (int xx = 0; xx < w; xx++) y.set(1000 * an + 100 * c + 10 * yy + xx, 0, an * k + c, yy, xx);
        Tensor rows = SSDScoringHead.permuteToRows(y, a, k);
        assertThat(rows.shape()).containsExactly(1, h * w * a, k);
        // row (y=1, x=2, anchor=1) = (1*3 + 2)*2 + 1 = 11, column 2
        assertThat(rows.get(0, 11, 2)).isEqualTo(1000 + 200 + 10 + 2);
        assertThat(rows.get(0, 1, 0)).isEqualTo(1000);
    }

    @Test
    void l2norm_leaves_an_all_zero_location_at_zero_and_scales_the_rest_to_length_scale() {
        Tensor x = Tensor.zeros(1, 2, 1, 2);
        x.set(3f, 0, 0, 0, 1);
        x.set(4f, 0, 1, 0, 1);
        Tensor y = L2Norm.apply(x, Tensor.of(new float[] {20f, 10f}, 2));
        assertThat(y.data()).containsExactly(0f, 12f, 0f, 8f);
    }

    @Test
    void a_checkpoint_for_another_class_count_is_refused_naming_the_head_and_its_shapes() {
        SSD voc = new SSD(SsdConfig.ssd300(21));
        Map<String, Tensor> coco = new LinkedHashMap<>(new SSD(SsdConfig.ssd300(91)).stateDict());
        assertThatThrownBy(() -> SsdCheckpoints.load(voc, coco, "coco.pth"))
                .hasMessageContaining("coco.pth")
                .hasMessageContaining("built for 91 classes, the model for 21")
                .hasMessageContaining("head.classification_head.module_list.0.weight: model expects (84, 512, 3, 3), file has (364, 512, 3, 3)")
                .hasMessageContaining("HINT: build the model with --num-classes 91");
    }

    @Test
    void an_image_without_boxes_makes_every_default_box_negative_and_costs_nothing() {
        SsdLoss loss = SsdLoss.torchvision();
        Tensor anchors = DefaultBoxGenerator.fromRatios(new int[][] {{2}}, 0.2, 0.9, null, true).anchors(new int[][] {{3, 3}}, 30, 30);
        int d = anchors.dim(0);
        int[] m = loss.match(SsdLoss.Target.empty(), anchors);
        assertThat(m).hasSize(d).containsOnly(-1);
        SsdLoss.Losses l = loss.computeLoss(List.of(SsdLoss.Target.empty()), Tensor.randn(1, 1, d, 4), Tensor.randn(2, 1, d, 3),
                List.of(anchors), List.of(m));
        assertThat(l.bboxRegression()).isZero();
        assertThat(l.classification()).isZero();
    }

    @Test
    void a_zero_area_ground_truth_box_is_refused_like_torchvision_does() {
        assertThatThrownBy(() -> new SsdLoss.Target(Tensor.of(new float[] {10, 10, 50, 60, 12, 30, 12, 80}, 2, 4), new int[] {1, 2}))
                .hasMessageContaining("All bounding boxes should have positive height and width")
                .hasMessageContaining("[12.0, 30.0, 12.0, 80.0] at index 1")
                .hasMessageContaining("HINT");
    }

    @Test
    void a_box_outside_the_image_is_still_forced_onto_a_default_box_by_torchvision_but_not_by_caffe() {
        Tensor anchors = DefaultBoxGenerator.fromRatios(new int[][] {{2}}, 0.2, 0.9, null, true).anchors(new int[][] {{3, 3}}, 30, 30);
        Tensor outside = Tensor.of(new float[] {40, 40, 50, 50}, 1, 4);
        int[] tv = SsdLoss.torchvision().match(new SsdLoss.Target(outside, new int[] {1}), anchors);
        assertThat(tv[0]).isZero();                                        // argmax of all-zero overlaps: box 0
        assertThat(java.util.Arrays.stream(tv).filter(i -> i >= 0).count()).isEqualTo(1);
        assertThat(Matcher.caffeMatch(Boxes.iou(outside, anchors), 0.5f)).containsOnly(-1);
    }

    @Test
    void detections_of_identical_boxes_keep_only_the_best_per_class() {
        Tensor anchors = Tensor.of(new float[] {0, 0, 10, 10, 0, 0, 10, 10, 20, 20, 30, 30}, 3, 4);
        Tensor reg = Tensor.zeros(1, 3, 4);
        // class 1 wins on all three, box 0 with the highest score
        Tensor logits = Tensor.of(new float[] {0, 3, 0, 0, 2, 0, 0, 1, 0}, 1, 3, 3);
        Detections d = PostProcess.torchvision().apply(reg, logits, 0, anchors, 30, 30);
        long class1 = java.util.Arrays.stream(d.labels()).filter(l -> l == 1).count();
        assertThat(class1).isEqualTo(2);                                  // box 1 suppressed by box 0 (IoU 1 > 0.45)
        assertThat(d.scores()[0]).isCloseTo((float) (Math.exp(3) / (Math.exp(3) + 2)), within(SOFTMAX_F32));
    }

    @Test
    void when_no_score_passes_the_threshold_there_are_no_detections_and_no_error() {
        Tensor anchors = Tensor.of(new float[] {0, 0, 10, 10, 20, 20, 30, 30}, 2, 4);
        Tensor logits = Tensor.of(new float[] {5, 0, 5, 0}, 1, 2, 2);           // background wins everywhere
        PostProcess strict = new PostProcess(0.5f, 0.45f, 400, 200, true, BoxCoder.torchvision());
        Detections d = strict.apply(Tensor.zeros(1, 2, 4), logits, 0, anchors, 30, 30);
        assertThat(d.size()).isZero();
        assertThat(d.boxes().shape()).containsExactly(0, 4);
    }

    @Test
    void a_wrong_input_shape_names_the_backbone_and_the_shape() {
        SSD m = new SSD(SsdConfig.ssd300(21));
        assertThatThrownBy(() -> m.run(Tensor.zeros(1, 1, 300, 300), Context.of(NaiveKernels.INSTANCE)))
                .hasMessageContaining("backbone: expected an image batch (N, 3, H, W), got (1, 1, 300, 300)");
    }
}
