/*
 * caffe's MultiBoxLoss layer as SSD's train.prototxt configures it (SSD, Liu et al. 2016, Sec. 2.2 "Training
 * objective" and "Hard negative mining"; weiliu89/caffe multibox_loss_layer.cpp, bbox_util.cpp: MatchBBox,
 * MineHardExamples with mining_type MAX_NEGATIVE; ssd_pascal.py's multibox_loss_param).
 *
 *   match      MatchBBox PER_PREDICTION, overlap_threshold 0.5 (Matcher.caffeMatch)
 *   loc loss   SmoothL1 over matched priors of (prediction - EncodeBBox(gt, prior, variances)), CENTER_SIZE
 *   negatives  among priors that are unmatched AND whose best overlap is < neg_overlap (0.5), the
 *              min(3 x positives, candidates) with the largest background cross-entropy
 *   conf loss  softmax cross-entropy over positives (gt label) and the mined negatives (background 0)
 *   normalise  VALID: both sums divided by max(1, matched priors in the batch)
 * Compared with SsdLoss (torchvision): the matching differs (see Matcher), negatives are chosen among negatives
 * only (torchvision can count a positive twice when 3 x positives exceeds the negatives), and priors left
 * unmatched with overlap >= neg_overlap are never negatives.
 * Not here: gradients, mining_type HARD_EXAMPLE, LOGISTIC confidence loss, difficult-gt flags.
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.List;
import workbench.tensor.Tensor;

public final class MultiBoxLoss {
    public final float overlapThreshold, negPosRatio, negOverlap;
    public final BoxCoder coder;

    public MultiBoxLoss(float overlapThreshold, float negPosRatio, float negOverlap, float[] variances) {
        this.overlapThreshold = overlapThreshold;
        this.negPosRatio = negPosRatio;
        this.negOverlap = negOverlap;
        this.coder = BoxCoder.caffe(variances);
    }

    /** ssd_pascal.py: overlap 0.5, neg_pos_ratio 3, neg_overlap 0.5, variances (0.1, 0.1, 0.2, 0.2). */
    public static MultiBoxLoss caffe() {
        return new MultiBoxLoss(0.5f, 3f, 0.5f, new float[] {0.1f, 0.1f, 0.2f, 0.2f});
    }

    /** loc (N, D, 4) and conf (N, D, K) predictions against priors (D, 4) in the targets' coordinates. */
    public SsdLoss.Losses apply(List<SsdLoss.Target> targets, Tensor loc, Tensor conf, Tensor priors) {
        int n = conf.dim(0), d = conf.dim(1), k = conf.dim(2);
        double locLoss = 0, confLoss = 0;
        int numMatches = 0;
        for (int b = 0; b < n; b++) {
            SsdLoss.Target t = targets.get(b);
            int m = t.boxes().dim(0);
            int[] match = new int[d];
            java.util.Arrays.fill(match, -1);
            float[] bestOverlap = new float[d];
            if (m > 0) {
                float[][] q = Boxes.iou(t.boxes(), priors);
                match = Matcher.caffeMatch(q, overlapThreshold);
                for (int j = 0; j < d; j++) for (int i = 0; i < m; i++) bestOverlap[j] = Math.max(bestOverlap[j], q[i][j]);
            }
            List<Integer> positives = new ArrayList<>(), candidates = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                if (match[j] >= 0) positives.add(j);
                else if (bestOverlap[j] < negOverlap) candidates.add(j);
            }
            numMatches += positives.size();
            // localisation: SmoothL1 of the offsets against the encoded matched ground truth
            for (int j : positives) {
                Tensor g = Tensor.of(java.util.Arrays.copyOfRange(t.boxes().data(), match[j] * 4, match[j] * 4 + 4), 1, 4);
                Tensor p = Tensor.of(java.util.Arrays.copyOfRange(priors.data(), j * 4, j * 4 + 4), 1, 4);
                float[] target = coder.encode(g, p).data();
                for (int c = 0; c < 4; c++) locLoss += SsdLoss.smoothL1(loc.data()[(b * d + j) * 4 + c] - target[c]);
                confLoss += SsdLoss.crossEntropy(conf.data(), (b * d + j) * k, k, t.labels()[match[j]]);
            }
            // MAX_NEGATIVE mining: the candidates with the largest background loss, at most 3 per positive
            final int bb = b;
            candidates.sort((x, y) -> Float.compare(SsdLoss.crossEntropy(conf.data(), (bb * d + y) * k, k, 0),
                    SsdLoss.crossEntropy(conf.data(), (bb * d + x) * k, k, 0)));
            int numNeg = Math.min((int) (positives.size() * negPosRatio), candidates.size());
            for (int r = 0; r < numNeg; r++) confLoss += SsdLoss.crossEntropy(conf.data(), (b * d + candidates.get(r)) * k, k, 0);
        }
        int norm = Math.max(1, numMatches);
        return new SsdLoss.Losses((float) (locLoss / norm), (float) (confLoss / norm));
    }
}
