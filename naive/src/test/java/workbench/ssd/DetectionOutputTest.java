/*
 * caffe's DetectionOutput held to the expectations of weiliu89/caffe's test_detection_output_layer.cpp (numbers
 * ported, test code ours): two images, four priors of side 0.3 on a 2x2 grid, two classes, variance 0.1, CORNER
 * coding, NMS 0.1, with and without shared locations, background 0 or none, top_k 2 or all.
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import workbench.tensor.Tensor;

class DetectionOutputTest {
    /** caffe's test eps. */
    static final float EPS = 1e-6f;
    static final int N = 2, PRIORS = 4, CLASSES = 2;

    private static Tensor priors() {
        Tensor p = Tensor.zeros(PRIORS, 4);
        int i = 0;
        for (int h = 0; h < 2; h++) {
            for (int w = 0; w < 2; w++, i++) {
                float cx = (w + 0.5f) * 0.5f, cy = (h + 0.5f) * 0.5f;
                p.set(cx - 0.15f, i, 0);
                p.set(cy - 0.15f, i, 1);
                p.set(cx + 0.15f, i, 2);
                p.set(cy + 0.15f, i, 3);
            }
        }
        return p;
    }

    private static Tensor conf() {
        Tensor c = Tensor.zeros(N, PRIORS * CLASSES);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < PRIORS; j++)
                for (int k = 0; k < CLASSES; k++) c.set(i % 2 == k % 2 ? j * 0.2f : 1 - j * 0.2f, i, j * CLASSES + k);
        return c;
    }

    private static Tensor loc(boolean share) {
        int lc = share ? 1 : CLASSES;
        Tensor l = Tensor.zeros(N, PRIORS * lc * 4);
        int idx = 0;
        for (int i = 0; i < N; i++)
            for (int h = 0; h < 2; h++)
                for (int w = 0; w < 2; w++)
                    for (int c = 0; c < lc; c++) {
                        float v = i + c / 2f + 0.5f;
                        l.data()[idx++] = (w % 2 == 1 ? -1 : 1) * v;
                        l.data()[idx++] = (h % 2 == 1 ? -1 : 1) * v;
                        l.data()[idx++] = (w % 2 == 1 ? -1 : 1) * v;
                        l.data()[idx++] = (h % 2 == 1 ? -1 : 1) * v;
                    }
        return l;
    }

    private static List<float[]> run(boolean share, int background, int topK) {
        DetectionOutput out = new DetectionOutput(CLASSES, share, background, 0.1f, topK, -1, -Float.MAX_VALUE,
                DetectionOutput.CodeType.CORNER);
        return out.forward(loc(share), conf(), priors(), Tensor.full(0.1f, PRIORS, 4));
    }

    private static void check(List<float[]> rows, String... expected) {
        assertThat(rows).hasSize(expected.length);
        for (int r = 0; r < expected.length; r++) {
            String[] items = expected[r].split(" ");
            assertThat((int) rows.get(r)[0]).as("row %d image", r).isEqualTo(Integer.parseInt(items[0]));
            assertThat((int) rows.get(r)[1]).as("row %d label", r).isEqualTo(Integer.parseInt(items[1]));
            for (int i = 2; i < 7; i++) assertThat(rows.get(r)[i]).as("row %d item %d", r, i).isCloseTo(Float.parseFloat(items[i]), within(EPS));
        }
    }

    @Test
    void shared_locations_keep_every_disjoint_box_and_suppress_the_overlapping_ones() {
        check(run(true, 0, -1), "0 1 1.0 0.15 0.15 0.45 0.45", "0 1 0.8 0.55 0.15 0.85 0.45", "0 1 0.6 0.15 0.55 0.45 0.85",
                "0 1 0.4 0.55 0.55 0.85 0.85", "1 1 0.6 0.45 0.45 0.75 0.75", "1 1 0.0 0.25 0.25 0.55 0.55");
    }

    @Test
    void top_k_2_is_applied_before_nms() {
        check(run(true, 0, 2), "0 1 1.0 0.15 0.15 0.45 0.45", "0 1 0.8 0.55 0.15 0.85 0.45", "1 1 0.6 0.45 0.45 0.75 0.75");
    }

    @Test
    void per_class_locations_without_a_background_class_report_both_classes() {
        check(run(false, -1, -1), "0 0 0.6 0.55 0.55 0.85 0.85", "0 0 0.4 0.15 0.55 0.45 0.85", "0 0 0.2 0.55 0.15 0.85 0.45",
                "0 0 0.0 0.15 0.15 0.45 0.45", "0 1 1.0 0.20 0.20 0.50 0.50", "0 1 0.8 0.50 0.20 0.80 0.50",
                "0 1 0.6 0.20 0.50 0.50 0.80", "0 1 0.4 0.50 0.50 0.80 0.80", "1 0 1.0 0.25 0.25 0.55 0.55",
                "1 0 0.4 0.45 0.45 0.75 0.75", "1 1 0.6 0.40 0.40 0.70 0.70");
    }

    @Test
    void per_class_locations_with_top_k_2() {
        check(run(false, -1, 2), "0 0 0.6 0.55 0.55 0.85 0.85", "0 0 0.4 0.15 0.55 0.45 0.85", "0 1 1.0 0.20 0.20 0.50 0.50",
                "0 1 0.8 0.50 0.20 0.80 0.50", "1 0 1.0 0.25 0.25 0.55 0.55", "1 1 0.6 0.40 0.40 0.70 0.70");
    }

    @Test
    void per_class_locations_skip_background_0() {
        check(run(false, 0, -1), "0 1 1.0 0.20 0.20 0.50 0.50", "0 1 0.8 0.50 0.20 0.80 0.50", "0 1 0.6 0.20 0.50 0.50 0.80",
                "0 1 0.4 0.50 0.50 0.80 0.80", "1 1 0.6 0.40 0.40 0.70 0.70");
        check(run(false, 0, 2), "0 1 1.0 0.20 0.20 0.50 0.50", "0 1 0.8 0.50 0.20 0.80 0.50", "1 1 0.6 0.40 0.40 0.70 0.70");
    }
}
