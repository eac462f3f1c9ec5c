/*
 * From head outputs to detections (SSD, Liu et al. 2016, Sec. 2.1 "the final detections are produced by a
 * non-maximum suppression step"; Sec. 3, "Inference time": confidence 0.01, NMS jaccard 0.45 per class, keep the top 200;
 * torchvision ssd.py: SSD.postprocess_detections; caffe detection_output_layer.cpp: DetectionOutput).
 *
 * torchvision, per image: softmax over classes; decode the offsets against the anchors; clip to the image;
 * for each class c >= 1: scores > score_thresh, the top topk_candidates (400) of them; then one batched NMS
 * (per class, IoU 0.45) over all classes and the first detections_per_img (200) by score.
 * caffe's DetectionOutput does the same steps (top_k 400 before NMS, keep_top_k 200 after) but does not clip
 * unless asked (clip_bbox, default false for SSD's deploy.prototxt) and works in [0, 1] coordinates.
 * Not here: caffe's eta-adaptive NMS, writing VOC/COCO result files.
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import workbench.tensor.Tensor;

public final class PostProcess {
    public final float scoreThresh, nmsThresh;
    public final int topkCandidates, detectionsPerImg;
    public final boolean clip;
    public final BoxCoder boxCoder;

    public PostProcess(float scoreThresh, float nmsThresh, int topkCandidates, int detectionsPerImg, boolean clip, BoxCoder boxCoder) {
        this.scoreThresh = scoreThresh;
        this.nmsThresh = nmsThresh;
        this.topkCandidates = topkCandidates;
        this.detectionsPerImg = detectionsPerImg;
        this.clip = clip;
        this.boxCoder = boxCoder;
    }

    /** torchvision SSD's defaults: score 0.01, NMS 0.45, top 400, keep 200, clip. */
    public static PostProcess torchvision() {
        return new PostProcess(0.01f, 0.45f, 400, 200, true, BoxCoder.torchvision());
    }

    /** caffe DetectionOutput as in SSD's deploy.prototxt: the same thresholds, no clipping. */
    public static PostProcess caffe() {
        return new PostProcess(0.01f, 0.45f, 400, 200, false, BoxCoder.caffe(new float[] {0.1f, 0.1f, 0.2f, 0.2f}));
    }

    /** Detections of image b of a batch. bboxRegression (N, D, 4), clsLogits (N, D, K), anchors (D, 4). */
    public Detections apply(Tensor bboxRegression, Tensor clsLogits, int b, Tensor anchors, int imageH, int imageW) {
        int d = clsLogits.dim(1), k = clsLogits.dim(2);
        if (anchors.dim(0) != d || bboxRegression.dim(1) != d) {
            throw new IllegalArgumentException("postprocess: " + d + " score rows, " + bboxRegression.dim(1) + " offset rows and "
                    + anchors.dim(0) + " anchors; they must be equal"
                    + "\n  ---> HINT: anchors must come from the same feature-map sizes as the head outputs.");
        }
        Tensor reg = Tensor.of(Arrays.copyOfRange(bboxRegression.data(), b * d * 4, (b + 1) * d * 4), d, 4);
        Tensor boxes = boxCoder.decode(reg, anchors);
        if (clip) boxes = Boxes.clipToImage(boxes, imageH, imageW);
        float[] scores = softmax(clsLogits.data(), b * d * k, d, k);
        List<float[]> candBoxes = new ArrayList<>();
        List<Float> candScores = new ArrayList<>();
        List<Integer> candLabels = new ArrayList<>();
        for (int label = 1; label < k; label++) {
            final int c = label;
            Integer[] idx = java.util.stream.IntStream.range(0, d).filter(j -> scores[j * k + c] > scoreThresh).boxed()
                    .toArray(Integer[]::new);
            Arrays.sort(idx, (x, y) -> Float.compare(scores[y * k + c], scores[x * k + c]));
            for (int r = 0; r < Math.min(topkCandidates, idx.length); r++) {
                candBoxes.add(Arrays.copyOfRange(boxes.data(), idx[r] * 4, idx[r] * 4 + 4));
                candScores.add(scores[idx[r] * k + c]);
                candLabels.add(label);
            }
        }
        int m = candScores.size();
        float[] flat = new float[m * 4], sc = new float[m];
        int[] lab = new int[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(candBoxes.get(i), 0, flat, i * 4, 4);
            sc[i] = candScores.get(i);
            lab[i] = candLabels.get(i);
        }
        int[] keep = Boxes.batchedNms(flat, sc, lab, nmsThresh);
        int kept = Math.min(keep.length, detectionsPerImg);
        Tensor outBoxes = Tensor.zeros(kept, 4);
        float[] outScores = new float[kept];
        int[] outLabels = new int[kept];
        for (int i = 0; i < kept; i++) {
            System.arraycopy(flat, keep[i] * 4, outBoxes.data(), i * 4, 4);
            outScores[i] = sc[keep[i]];
            outLabels[i] = lab[keep[i]];
        }
        return new Detections(outBoxes, outScores, outLabels);
    }

    /** Row-wise softmax of a (D, K) block starting at off, in float like F.softmax(dim=-1). */
    static float[] softmax(float[] logits, int off, int d, int k) {
        float[] out = new float[d * k];
        for (int j = 0; j < d; j++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) max = Math.max(max, logits[off + j * k + c]);
            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.exp(logits[off + j * k + c] - max);
            for (int c = 0; c < k; c++) out[j * k + c] = (float) (Math.exp(logits[off + j * k + c] - max) / sum);
        }
        return out;
    }
}
