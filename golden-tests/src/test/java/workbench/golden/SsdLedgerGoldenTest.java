/*
 * Two entries of chapter 05's caffe/torchvision ledger, shown against torchvision's own tensors rather than our
 * DefaultBoxGenerator: caffe's PriorBox with the COCO sizes (21 ... 315 px) gives torchvision's 8732 anchors
 * exactly, except the boxes wider or taller than the image, which torchvision clamps (while centre-size) and
 * caffe keeps; and caffe's VOC sizes (30 ... 315 px) are other boxes altogether.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import workbench.ssd.PriorBox;
import workbench.tensor.Tensor;

class SsdLedgerGoldenTest {
    static final Path ANCHORS = Path.of("data/ssd/anchors_ssd300");
    /** Pixels: the anchors' own golden tolerance, 1e-4 x max(1, max|ref|) with max|ref| about 420. */
    static final float SAME_PX = 0.05f;

    private static Tensor caffePixels(boolean coco) {
        Tensor t = PriorBox.concat(PriorBox.ssd300(coco), PriorBox.SSD300_MAPS, 300);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] *= 300;
        return t;
    }

    @Test
    void caffes_coco_priors_are_torchvisions_anchors_except_the_boxes_larger_than_the_image() {
        Tensor tv = GoldenCase.open(ANCHORS).tensor("anchors");
        Tensor caffe = caffePixels(true);
        assertThat(caffe.shape()).containsExactly(tv.shape());
        int differing = 0, oversized = 0;
        for (int i = 0; i < tv.dim(0); i++) {
            boolean tooBig = caffe.get(i, 2) - caffe.get(i, 0) > 300 + SAME_PX || caffe.get(i, 3) - caffe.get(i, 1) > 300 + SAME_PX;
            boolean same = true;
            for (int c = 0; c < 4; c++) same &= Math.abs(caffe.get(i, c) - tv.get(i, c)) <= SAME_PX;
            if (tooBig) oversized++;
            if (!same) {
                differing++;
                assertThat(tooBig).as("anchor %d differs from torchvision's although it fits the image", i).isTrue();
            }
        }
        assertThat(differing).isEqualTo(oversized).isPositive();
    }

    @Test
    void caffes_voc_priors_are_not_torchvisions_anchors() {
        Tensor tv = GoldenCase.open(ANCHORS).tensor("anchors");
        Tensor voc = caffePixels(false);
        // the first box of conv4_3: 30 px (VOC) against 21 px (torchvision, COCO sizes)
        assertThat(voc.get(0, 2) - voc.get(0, 0)).isEqualTo(30f);
        assertThat(tv.get(0, 2) - tv.get(0, 0)).isBetween(21f - SAME_PX, 21f + SAME_PX);
    }
}
