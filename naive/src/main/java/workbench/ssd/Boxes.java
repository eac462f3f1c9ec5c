/*
 * Box arithmetic shared by matching and detection output (SSD, Liu et al. 2016, Sec. 2.2 "Matching strategy"
 * uses the Jaccard overlap; torchvision ops/boxes.py: box_iou, clip_boxes_to_image, nms, batched_nms;
 * caffe bbox_util.cpp: JaccardOverlap, ClipBBox, ApplyNMSFast).
 * Boxes are (x1, y1, x2, y2) rows of a (D, 4) tensor; areas are (x2 - x1)(y2 - y1), no "+1".
 * Naive reference: NMS is the quadratic greedy loop.
 * Not here: caffe's adaptive NMS (eta < 1), rotated boxes.
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import workbench.tensor.Tensor;

public final class Boxes {
    private Boxes() {}

    /** IoU (Jaccard overlap) of every pair: (M, N) for boxes a (M, 4) and b (N, 4) - torchvision's box_iou. */
    public static float[][] iou(Tensor a, Tensor b) {
        BoxCoder.requireBoxes("iou: first set", a);
        BoxCoder.requireBoxes("iou: second set", b);
        int m = a.dim(0), n = b.dim(0);
        float[] p = a.data(), q = b.data();
        float[][] out = new float[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) out[i][j] = iou(p, i, q, j);
        }
        return out;
    }

    /** IoU of row i of p and row j of q, both flat (x1, y1, x2, y2) arrays. */
    static float iou(float[] p, int i, float[] q, int j) {
        float areaA = (p[i * 4 + 2] - p[i * 4]) * (p[i * 4 + 3] - p[i * 4 + 1]);
        float areaB = (q[j * 4 + 2] - q[j * 4]) * (q[j * 4 + 3] - q[j * 4 + 1]);
        float w = Math.max(Math.min(p[i * 4 + 2], q[j * 4 + 2]) - Math.max(p[i * 4], q[j * 4]), 0f);
        float h = Math.max(Math.min(p[i * 4 + 3], q[j * 4 + 3]) - Math.max(p[i * 4 + 1], q[j * 4 + 1]), 0f);
        float inter = w * h;
        return inter / (areaA + areaB - inter);
    }

    /** Clamps x to [0, W] and y to [0, H]: torchvision's clip_boxes_to_image (caffe's ClipBBox with W = H = 1). */
    public static Tensor clipToImage(Tensor boxes, int height, int width) {
        BoxCoder.requireBoxes("clip", boxes);
        Tensor out = boxes.copy();
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            float limit = (i % 2 == 0) ? width : height;
            d[i] = Math.min(Math.max(d[i], 0f), limit);
        }
        return out;
    }

    /**
     * Greedy non-maximum suppression: visit boxes by descending score, keep a box unless it overlaps an already
     * kept one by IoU > threshold. Returns the kept indices, by descending score (torchvision's nms).
     */
    public static int[] nms(float[] boxes, float[] scores, int[] candidates, float iouThreshold) {
        Integer[] order = new Integer[candidates.length];
        for (int i = 0; i < order.length; i++) order[i] = candidates[i];
        Arrays.sort(order, (x, y) -> Float.compare(scores[y], scores[x]));   // stable: ties keep index order
        List<Integer> keep = new ArrayList<>();
        boolean[] suppressed = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            if (suppressed[i]) continue;
            keep.add(order[i]);
            for (int j = i + 1; j < order.length; j++) {
                if (!suppressed[j] && iou(boxes, order[i], boxes, order[j]) > iouThreshold) suppressed[j] = true;
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** NMS within each label separately, results merged by descending score: torchvision's batched_nms. */
    public static int[] batchedNms(float[] boxes, float[] scores, int[] labels, float iouThreshold) {
        List<Integer> kept = new ArrayList<>();
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        for (int label : distinct) {
            int[] members = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
            for (int k : nms(boxes, scores, members, iouThreshold)) kept.add(k);
        }
        kept.sort((x, y) -> Float.compare(scores[y], scores[x]));
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }
}
