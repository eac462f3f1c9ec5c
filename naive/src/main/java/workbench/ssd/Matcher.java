/*
 * Assigning ground-truth boxes to default boxes, the two ways (SSD, Liu et al. 2016, Sec. 2.2 "Matching strategy":
 * "We begin by matching each ground truth box to the default box with the best jaccard overlap (as in MultiBox).
 * Unlike MultiBox, we then match default boxes to any ground truth with jaccard overlap higher than 0.5").
 *
 *   torchvision (detection/_utils.py: Matcher, SSDMatcher): per default box take the best gt; below the low
 *     threshold -> BELOW_LOW_THRESHOLD (-1), between low and high -> BETWEEN_THRESHOLDS (-2); optionally
 *     "low-quality matches": a default box that is some gt's best (ties included) keeps that argmax even if weak.
 *     SSDMatcher(0.5) = Matcher(0.5, 0.5) then, for gt j = 0, 1, ..., its argmax default box is forced to j
 *     (a later gt overwrites an earlier one that wanted the same box; a gt with IoU 0 everywhere still gets box argmax).
 *   caffe (bbox_util.cpp: MatchBBox, match_type PER_PREDICTION): first a greedy bipartite matching - repeatedly
 *     take the largest overlap among unmatched gts and unmatched priors, so two gts that want the same prior both
 *     get one; only overlaps > 1e-6 count, so a gt that touches no prior stays unmatched; then every still
 *     unmatched prior takes its best gt if the overlap is >= the threshold.
 * Both return, per default box, the index of its gt or a negative value.
 * Not here: caffe's ignore_cross_boundary_bbox and per-label matching (share_location false).
 */
package workbench.ssd;

public final class Matcher {
    public static final int BELOW_LOW_THRESHOLD = -1;
    public static final int BETWEEN_THRESHOLDS = -2;

    public final float highThreshold, lowThreshold;
    public final boolean allowLowQualityMatches;

    public Matcher(float highThreshold, float lowThreshold, boolean allowLowQualityMatches) {
        if (lowThreshold > highThreshold) {
            throw new IllegalArgumentException("Matcher: low_threshold " + lowThreshold + " must be <= high_threshold " + highThreshold);
        }
        this.highThreshold = highThreshold;
        this.lowThreshold = lowThreshold;
        this.allowLowQualityMatches = allowLowQualityMatches;
    }

    /** torchvision Matcher.__call__ on an (M gt, N default boxes) quality matrix. */
    public int[] match(float[][] quality) {
        requireNonEmpty(quality);
        int m = quality.length, n = quality[0].length;
        int[] matches = new int[n];
        int[] allMatches = new int[n];
        for (int j = 0; j < n; j++) {
            // best gt for default box j (first on ties, as torch.max does on the CPU)
            int best = 0;
            for (int i = 1; i < m; i++) if (quality[i][j] > quality[best][j]) best = i;
            float v = quality[best][j];
            allMatches[j] = best;
            matches[j] = v < lowThreshold ? BELOW_LOW_THRESHOLD : v < highThreshold ? BETWEEN_THRESHOLDS : best;
        }
        if (allowLowQualityMatches) {
            // set_low_quality_matches_: every default box that ties for some gt's best overlap gets its argmax back
            for (int i = 0; i < m; i++) {
                float highest = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) highest = Math.max(highest, quality[i][j]);
                for (int j = 0; j < n; j++) if (quality[i][j] == highest) matches[j] = allMatches[j];
            }
        }
        return matches;
    }

    /** torchvision SSDMatcher(threshold): Matcher(t, t, false), then each gt's best default box forced to it. */
    public static int[] ssdMatch(float[][] quality, float threshold) {
        int[] matches = new Matcher(threshold, threshold, false).match(quality);
        for (int i = 0; i < quality.length; i++) {
            int best = 0;
            for (int j = 1; j < quality[i].length; j++) if (quality[i][j] > quality[i][best]) best = j;
            matches[best] = i;
        }
        return matches;
    }

    /** caffe MatchBBox with match_type PER_PREDICTION: greedy bipartite, then per-prediction at the threshold. */
    public static int[] caffeMatch(float[][] quality, float overlapThreshold) {
        return caffeMatch(quality, overlapThreshold, true);
    }

    /** caffe MatchBBox; perPrediction false is match_type BIPARTITE (the greedy one-to-one step alone). */
    public static int[] caffeMatch(float[][] quality, float overlapThreshold, boolean perPrediction) {
        int m = quality.length, n = m == 0 ? 0 : quality[0].length;
        int[] matches = new int[n];
        java.util.Arrays.fill(matches, -1);
        if (m == 0) return matches;
        boolean[] gtDone = new boolean[m];
        // bipartite: the largest remaining overlap wins, one prior per gt
        for (int round = 0; round < m; round++) {
            int bestPrior = -1, bestGt = -1;
            float bestOverlap = -1;
            for (int j = 0; j < n; j++) {
                if (matches[j] != -1) continue;
                for (int i = 0; i < m; i++) {
                    if (gtDone[i] || quality[i][j] <= CAFFE_MIN_OVERLAP) continue;   // caffe keeps only overlaps > 1e-6
                    if (quality[i][j] > bestOverlap) {
                        bestOverlap = quality[i][j];
                        bestPrior = j;
                        bestGt = i;
                    }
                }
            }
            if (bestPrior == -1) break;
            matches[bestPrior] = bestGt;
            gtDone[bestGt] = true;
        }
        // per prediction: an unmatched prior takes its best gt with overlap >= threshold
        for (int j = 0; perPrediction && j < n; j++) {
            if (matches[j] != -1) continue;
            int bestGt = -1;
            float bestOverlap = -1;
            for (int i = 0; i < m; i++) {
                float v = quality[i][j];
                if (v > CAFFE_MIN_OVERLAP && v >= overlapThreshold && v > bestOverlap) {
                    bestOverlap = v;
                    bestGt = i;
                }
            }
            matches[j] = bestGt;
        }
        return matches;
    }

    /** caffe's MatchBBox records an overlap only when it is > 1e-6. */
    static final float CAFFE_MIN_OVERLAP = 1e-6f;

    private static void requireNonEmpty(float[][] q) {
        if (q.length == 0) {
            throw new IllegalArgumentException("Matcher: no ground-truth boxes available for one of the images"
                    + "\n  ---> HINT: an image without boxes has every default box negative; SsdLoss handles it before matching.");
        }
        if (q[0].length == 0) throw new IllegalArgumentException("Matcher: no default boxes available for one of the images");
    }
}
