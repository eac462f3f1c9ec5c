/*
 * caffe's DetectionOutput layer with its own parameters (SSD, Liu et al. 2016, Sec. 2.1 "non-maximum suppression
 * step" and Sec. 3 "Inference time"; weiliu89/caffe detection_output_layer.cpp, bbox_util.cpp: DecodeBBoxes,
 * ApplyNMSFast). PostProcess holds torchvision's version of the same step; this class keeps caffe's interface so
 * that the expectations of caffe's test_detection_output_layer.cpp can be checked:
 *   - conf holds probabilities already (caffe's deploy net ends in a Softmax layer): no softmax here;
 *   - loc is shared by all classes (share_location) or given per class;
 *   - background_label_id names the class to skip (-1: none);
 *   - code type CORNER (offsets added to the corners, times the variance) or CENTER_SIZE (BoxCoder);
 *   - per class: scores > confidence_threshold, the top_k, NMS keeping a box while its overlap with every kept
 *     box is <= nms_threshold; then, over all classes, the keep_top_k best.
 * Output rows are [image, label, score, xmin, ymin, xmax, ymax], image by image, label ascending, score descending.
 * Not here: eta-adaptive NMS, clip_bbox, variance_encoded_in_target, writing result files.
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.List;
import workbench.tensor.Tensor;

public final class DetectionOutput {
    public enum CodeType { CORNER, CENTER_SIZE }

    public final int numClasses, backgroundLabelId, topK, keepTopK;
    public final boolean shareLocation;
    public final float nmsThreshold, confidenceThreshold;
    public final CodeType codeType;

    public DetectionOutput(int numClasses, boolean shareLocation, int backgroundLabelId, float nmsThreshold, int topK,
                           int keepTopK, float confidenceThreshold, CodeType codeType) {
        this.numClasses = numClasses;
        this.shareLocation = shareLocation;
        this.backgroundLabelId = backgroundLabelId;
        this.nmsThreshold = nmsThreshold;
        this.topK = topK;
        this.keepTopK = keepTopK;
        this.confidenceThreshold = confidenceThreshold;
        this.codeType = codeType;
    }

    /** SSD300's deploy.prototxt: 21 classes, shared locations, background 0, NMS 0.45, top_k 400, keep 200, 0.01. */
    public static DetectionOutput ssd300Voc() {
        return new DetectionOutput(21, true, 0, 0.45f, 400, 200, 0.01f, CodeType.CENTER_SIZE);
    }

    /**
     * loc (N, D * L * 4) with L = 1 when locations are shared, else numClasses; conf (N, D * numClasses);
     * priors (D, 4) corners and variances (D, 4).
     */
    public List<float[]> forward(Tensor loc, Tensor conf, Tensor priors, Tensor variances) {
        int n = conf.dim(0), d = priors.dim(0), locClasses = shareLocation ? 1 : numClasses;
        if (loc.numel() != n * d * locClasses * 4 || conf.numel() != n * d * numClasses) {
            throw new IllegalArgumentException("DetectionOutput: " + d + " priors, " + numClasses + " classes: expected loc of "
                    + n * d * locClasses * 4 + " and conf of " + n * d * numClasses + " values, got " + loc.numel() + " and " + conf.numel());
        }
        List<float[]> rows = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<float[]> image = new ArrayList<>();                     // [label, score, x1, y1, x2, y2]
            for (int c = 0; c < numClasses; c++) {
                if (c == backgroundLabelId) continue;
                float[] boxes = decode(loc, b, shareLocation ? 0 : c, locClasses, priors, variances);
                float[] scores = new float[d];
                int[] candidates = java.util.stream.IntStream.range(0, d).toArray();
                for (int j = 0; j < d; j++) scores[j] = conf.data()[(b * d + j) * numClasses + c];
                candidates = java.util.Arrays.stream(candidates).filter(j -> scores[j] > confidenceThreshold).boxed()
                        .sorted((x, y) -> Float.compare(scores[y], scores[x])).mapToInt(Integer::intValue).toArray();
                if (topK > -1 && candidates.length > topK) candidates = java.util.Arrays.copyOf(candidates, topK);
                for (int j : Boxes.nms(boxes, scores, candidates, nmsThreshold)) {
                    image.add(new float[] {c, scores[j], boxes[j * 4], boxes[j * 4 + 1], boxes[j * 4 + 2], boxes[j * 4 + 3]});
                }
            }
            if (keepTopK > -1 && image.size() > keepTopK) {
                List<float[]> byScore = new ArrayList<>(image);
                byScore.sort((x, y) -> Float.compare(y[1], x[1]));
                List<float[]> kept = byScore.subList(0, keepTopK);
                image.removeIf(r -> !kept.contains(r));                      // keeps label-then-score order
            }
            for (float[] r : image) rows.add(new float[] {b, r[0], r[1], r[2], r[3], r[4], r[5]});
        }
        return rows;
    }

    private float[] decode(Tensor loc, int b, int locClass, int locClasses, Tensor priors, Tensor variances) {
        int d = priors.dim(0);
        float[] l = loc.data(), p = priors.data(), v = variances.data();
        float[] out = new float[d * 4];
        for (int j = 0; j < d; j++) {
            int off = ((b * d + j) * locClasses + locClass) * 4;
            if (codeType == CodeType.CORNER) {
                for (int k = 0; k < 4; k++) out[j * 4 + k] = p[j * 4 + k] + v[j * 4 + k] * l[off + k];
            } else {
                BoxCoder coder = BoxCoder.caffe(new float[] {v[j * 4], v[j * 4 + 1], v[j * 4 + 2], v[j * 4 + 3]});
                Tensor box = coder.decode(Tensor.of(java.util.Arrays.copyOfRange(l, off, off + 4), 1, 4),
                        Tensor.of(java.util.Arrays.copyOfRange(p, j * 4, j * 4 + 4), 1, 4));
                System.arraycopy(box.data(), 0, out, j * 4, 4);
            }
        }
        return out;
    }
}
