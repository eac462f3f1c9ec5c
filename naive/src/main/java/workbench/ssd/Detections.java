/*
 * The detections of one image: boxes (K, 4) as (x1, y1, x2, y2) in pixels, scores and labels, by descending score
 * (torchvision's {"boxes", "scores", "labels"}; caffe's DetectionOutput rows [image, label, score, x1, y1, x2, y2]).
 */
package workbench.ssd;

import workbench.tensor.Tensor;

public record Detections(Tensor boxes, float[] scores, int[] labels) {
    public int size() { return scores.length; }

    /** Boxes scaled by (sx, sy): torchvision's transform.postprocess back to the original image size. */
    public Detections scaled(float sx, float sy) {
        Tensor b = boxes.copy();
        float[] d = b.data();
        for (int i = 0; i < d.length; i++) d[i] *= (i % 2 == 0) ? sx : sy;
        return new Detections(b, scores, labels);
    }
}
