/*
 * The SSD training objective as torchvision computes it (SSD, Liu et al. 2016, Sec. 2.2 "Training objective",
 * Eq. (1)-(3), and "Hard negative mining"; torchvision ssd.py: SSD.forward (matching) and SSD.compute_loss;
 * caffe: multibox_loss_layer.cpp, see MultiBoxLoss for its differences).
 *
 *   L = (1/N) (L_conf + L_loc),  N = number of matched default boxes (over the batch; 1 if none)
 *   L_loc  = sum over positives of SmoothL1(l - g^), g^ the BoxCoder encoding of the matched gt   (Eq. (2))
 *   L_conf = softmax cross-entropy over positives (their gt label) and the hardest negatives (label 0) (Eq. (3))
 * Hard negative mining: per image, negatives sorted by their confidence loss, the top 3 x (positives of that
 * image) kept - "the ratio between the negatives and positives is at most 3:1".
 * torchvision returns L_loc / N and L_conf / N as two entries; their sum is the paper's L (alpha = 1).
 * An image with no ground truth has every default box negative and, with 0 positives, contributes no negatives.
 * Not here: gradients (nothing is trained here), caffe's neg_overlap rule (see MultiBoxLoss).
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import workbench.tensor.Tensor;

public final class SsdLoss {
    /** Ground truth of one image: boxes (M, 4) in pixels (x1, y1, x2, y2) and labels in 1..num_classes-1. */
    public record Target(Tensor boxes, int[] labels) {
        public Target {
            if (boxes.numel() == 0) boxes = Tensor.zeros(0, 4);
            if (boxes.rank() != 2 || boxes.dim(1) != 4) {
                throw new IllegalArgumentException("Expected target boxes to be a tensor of shape [N, 4], got " + boxes.shapeString());
            }
            if (labels.length != boxes.dim(0)) {
                throw new IllegalArgumentException("target: " + boxes.dim(0) + " boxes but " + labels.length + " labels");
            }
            float[] b = boxes.data();
            for (int i = 0; i < boxes.dim(0); i++) {
                if (!(b[i * 4 + 2] > b[i * 4]) || !(b[i * 4 + 3] > b[i * 4 + 1])) {
                    throw new IllegalArgumentException("All bounding boxes should have positive height and width. Found invalid box "
                            + Arrays.toString(Arrays.copyOfRange(b, i * 4, i * 4 + 4)) + " at index " + i
                            + "\n  ---> HINT: boxes are [x1, y1, x2, y2] with x1 < x2 and y1 < y2; drop zero-area boxes before training.");
                }
            }
        }

        public static Target empty() { return new Target(Tensor.zeros(0, 4), new int[0]); }
    }

    public record Losses(float bboxRegression, float classification) {
        public float total() { return bboxRegression + classification; }
    }

    public final float iouThreshold;
    public final float negToPosRatio;
    public final BoxCoder boxCoder;

    public SsdLoss(float iouThreshold, float negToPosRatio, BoxCoder boxCoder) {
        this.iouThreshold = iouThreshold;
        this.negToPosRatio = negToPosRatio;
        this.boxCoder = boxCoder;
    }

    /** torchvision's SSD defaults: iou_thresh 0.5, positive_fraction 0.25 -> (1 - 0.25) / 0.25 = 3 negatives per positive. */
    public static SsdLoss torchvision() {
        return new SsdLoss(0.5f, 3f, BoxCoder.torchvision());
    }

    /** SSD.forward's matching: SSDMatcher(iou_thresh) on box_iou(gt, anchors); all -1 when the image has no boxes. */
    public int[] match(Target t, Tensor anchors) {
        if (t.boxes().dim(0) == 0) {
            int[] none = new int[anchors.dim(0)];
            Arrays.fill(none, -1);
            return none;
        }
        return Matcher.ssdMatch(Boxes.iou(t.boxes(), anchors), iouThreshold);
    }

    /** SSD.compute_loss. bboxRegression (N, D, 4), clsLogits (N, D, K), one anchors (D, 4) per image. */
    public Losses computeLoss(List<Target> targets, Tensor bboxRegression, Tensor clsLogits, List<Tensor> anchors,
                              List<int[]> matchedIdxs) {
        int n = clsLogits.dim(0), d = clsLogits.dim(1), k = clsLogits.dim(2);
        if (targets.size() != n || anchors.size() != n || matchedIdxs.size() != n || bboxRegression.dim(1) != d) {
            throw new IllegalArgumentException("compute_loss: batch of " + n + " with " + targets.size() + " targets, "
                    + anchors.size() + " anchor sets, " + matchedIdxs.size() + " matchings, regression " + bboxRegression.shapeString());
        }
        double bboxLoss = 0;
        int numForeground = 0;
        int[][] clsTargets = new int[n][d];
        for (int b = 0; b < n; b++) {
            int[] matched = matchedIdxs.get(b);
            List<Integer> fg = new ArrayList<>();
            for (int j = 0; j < d; j++) if (matched[j] >= 0) fg.add(j);
            numForeground += fg.size();
            // Eq. (2): Smooth L1 between predicted offsets and the encoded matched gt, positives only
            Tensor gt = Tensor.zeros(fg.size(), 4), anc = Tensor.zeros(fg.size(), 4);
            float[] boxes = targets.get(b).boxes().data(), a = anchors.get(b).data();
            for (int r = 0; r < fg.size(); r++) {
                System.arraycopy(boxes, matched[fg.get(r)] * 4, gt.data(), r * 4, 4);
                System.arraycopy(a, fg.get(r) * 4, anc.data(), r * 4, 4);
            }
            float[] target = boxCoder.encode(gt, anc).data();
            float[] reg = bboxRegression.data();
            for (int r = 0; r < fg.size(); r++) {
                for (int c = 0; c < 4; c++) bboxLoss += smoothL1(reg[(b * d + fg.get(r)) * 4 + c] - target[r * 4 + c]);
            }
            for (int j : fg) clsTargets[b][j] = targets.get(b).labels()[matched[j]];
        }
        // Eq. (3): softmax cross-entropy of every default box against its target class (0 = background)
        float[][] clsLoss = new float[n][d];
        float[] logits = clsLogits.data();
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < d; j++) clsLoss[b][j] = crossEntropy(logits, (b * d + j) * k, k, clsTargets[b][j]);
        }
        double conf = 0;
        for (int b = 0; b < n; b++) {
            int positives = 0;
            for (int j = 0; j < d; j++) {
                if (clsTargets[b][j] > 0) {
                    positives++;
                    conf += clsLoss[b][j];
                }
            }
            // hard negative mining: rank by loss with positives at -inf, keep ranks < 3 * positives
            float numNegative = negToPosRatio * positives;
            Integer[] order = new Integer[d];
            for (int j = 0; j < d; j++) order[j] = j;
            final int bb = b;
            final int[] ct = clsTargets[b];
            Arrays.sort(order, (x, y) -> Float.compare(ct[y] > 0 ? Float.NEGATIVE_INFINITY : clsLoss[bb][y],
                    ct[x] > 0 ? Float.NEGATIVE_INFINITY : clsLoss[bb][x]));
            // torchvision adds cls_loss[background_idxs] without excluding positives: when 3 x positives exceeds the
            // number of negatives, positives ranked last are counted a second time (its commented-out isfinite fix)
            for (int rank = 0; rank < d && rank < numNegative; rank++) conf += clsLoss[b][order[rank]];
        }
        int norm = Math.max(1, numForeground);
        return new Losses((float) (bboxLoss / norm), (float) (conf / norm));
    }

    /** F.smooth_l1_loss with beta = 1: 0.5 x^2 if |x| < 1, else |x| - 0.5. */
    static double smoothL1(float x) {
        float ax = Math.abs(x);
        return ax < 1f ? 0.5 * ax * ax : ax - 0.5;
    }

    /** -log softmax(logits[off .. off+k))[label], by the log-sum-exp with the maximum subtracted. */
    static float crossEntropy(float[] logits, int off, int k, int label) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, logits[off + c]);
        double sum = 0;
        for (int c = 0; c < k; c++) sum += Math.exp(logits[off + c] - max);
        return (float) (Math.log(sum) + max - logits[off + label]);
    }
}
