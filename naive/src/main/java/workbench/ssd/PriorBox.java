/*
 * caffe's PriorBox layer (SSD, Liu et al. 2016, Sec. 2.2 "Choosing scales and aspect ratios for default boxes";
 * weiliu89/caffe src/caffe/layers/prior_box_layer.cpp, the SSD branch; prototxt from ssd_pascal.py).
 *
 * For one feature map of H x W on an image of img_h x img_w, for each location (h, w) in row-major order and for
 * each min_size s (usually one):
 *   centre = ((w + offset) step_w, (h + offset) step_h)        offset 0.5, step = img / map unless given
 *   box 1: s x s                 box 2: sqrt(s max_s) squared (when max sizes are given)
 *   then for every aspect ratio r != 1 (r, then 1/r when flip): s sqrt(r) x s / sqrt(r)
 * written as corners (xmin, ymin, xmax, ymax) divided by the image size; with clip every coordinate is clamped
 * to [0, 1]. Output (1, 2, H W A 4): channel 0 the boxes, channel 1 the variances repeated per coordinate.
 * Two details kept from caffe on purpose:
 *   - min and max sizes are truncated to int before use (`int min_size_ = min_sizes_[s]`): SSD512's 20.48 px
 *     becomes 20, 51.2 becomes 51 (torchvision's DefaultBoxGenerator uses the exact fractions);
 *   - clip clamps the corners (torchvision clamps width and height while still centre-size).
 * Not here: img_size/step given separately for h and w from a prototxt (the constructor takes both values).
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.List;
import workbench.tensor.Tensor;

public final class PriorBox {
    public final float[] minSizes, maxSizes;
    /** The expanded list caffe builds in LayerSetUp: 1 first, then each new r and (with flip) 1/r. */
    public final float[] aspectRatios;
    public final boolean flip, clip;
    public final float[] variances;
    public final int imgH, imgW;          // 0: take the image size from the data blob
    public final float stepH, stepW;      // 0: img / layer size
    public final float offset;

    public PriorBox(float[] minSizes, float[] maxSizes, float[] aspectRatios, boolean flip, boolean clip, float[] variances,
                    int imgH, int imgW, float stepH, float stepW, float offset) {
        if (minSizes.length == 0) throw new IllegalArgumentException("PriorBox: must provide min_size");
        for (float s : minSizes) if (!(s > 0)) throw new IllegalArgumentException("PriorBox: min_size must be positive, got " + s);
        if (maxSizes.length > 0) {
            if (maxSizes.length != minSizes.length) {
                throw new IllegalArgumentException("PriorBox: " + minSizes.length + " min_size but " + maxSizes.length + " max_size");
            }
            for (int i = 0; i < maxSizes.length; i++) {
                if (!(maxSizes[i] > minSizes[i])) {
                    throw new IllegalArgumentException("PriorBox: max_size must be greater than min_size, got " + maxSizes[i]
                            + " <= " + minSizes[i]);
                }
            }
        }
        if (variances.length != 1 && variances.length != 4) {
            throw new IllegalArgumentException("PriorBox: give one variance or four, got " + variances.length);
        }
        this.minSizes = minSizes.clone();
        this.maxSizes = maxSizes.clone();
        this.flip = flip;
        this.clip = clip;
        this.variances = variances.clone();
        this.imgH = imgH;
        this.imgW = imgW;
        this.stepH = stepH;
        this.stepW = stepW;
        this.offset = offset;
        List<Float> ars = new ArrayList<>();
        ars.add(1f);
        for (float ar : aspectRatios) {
            boolean exists = false;
            for (float e : ars) exists |= Math.abs(ar - e) < 1e-6;
            if (exists) continue;
            ars.add(ar);
            if (flip) ars.add(1f / ar);
        }
        this.aspectRatios = new float[ars.size()];
        for (int i = 0; i < ars.size(); i++) this.aspectRatios[i] = ars.get(i);
    }

    /** The prototxt most tests use: one min size, optional max, ratios, flip, clip, variance 0.1, offset 0.5. */
    public static PriorBox of(float minSize, float maxSize, float[] aspectRatios, boolean flip, boolean clip) {
        return new PriorBox(new float[] {minSize}, maxSize > 0 ? new float[] {maxSize} : new float[0], aspectRatios, flip, clip,
                new float[] {0.1f}, 0, 0, 0, 0, 0.5f);
    }

    /** Priors per location: |ratios| per min size, plus one per max size. */
    public int numPriors() {
        return aspectRatios.length * minSizes.length + maxSizes.length;
    }

    /** Forward_cpu: (1, 2, H W A 4) for a layer of layerH x layerW over an image of imageH x imageW. */
    public Tensor forward(int layerH, int layerW, int imageH, int imageW) {
        int imgWidth = imgH == 0 || imgW == 0 ? imageW : imgW;
        int imgHeight = imgH == 0 || imgW == 0 ? imageH : imgH;
        float sW = stepW == 0 || stepH == 0 ? (float) imgWidth / layerW : stepW;
        float sH = stepW == 0 || stepH == 0 ? (float) imgHeight / layerH : stepH;
        int dim = layerH * layerW * numPriors() * 4;
        Tensor top = Tensor.zeros(1, 2, dim);
        float[] t = top.data();
        int idx = 0;
        for (int h = 0; h < layerH; h++) {
            for (int w = 0; w < layerW; w++) {
                float centerX = (w + offset) * sW;
                float centerY = (h + offset) * sH;
                for (int s = 0; s < minSizes.length; s++) {
                    int minSize = (int) minSizes[s];          // caffe: int min_size_ = min_sizes_[s]
                    idx = corners(t, idx, centerX, centerY, minSize, minSize, imgWidth, imgHeight);
                    if (maxSizes.length > 0) {
                        int maxSize = (int) maxSizes[s];      // caffe: int max_size_ = max_sizes_[s]
                        float side = (float) Math.sqrt(minSize * maxSize);
                        idx = corners(t, idx, centerX, centerY, side, side, imgWidth, imgHeight);
                    }
                    for (float ar : aspectRatios) {
                        if (Math.abs(ar - 1.0) < 1e-6) continue;
                        float bw = (float) (minSize * Math.sqrt(ar)), bh = (float) (minSize / Math.sqrt(ar));
                        idx = corners(t, idx, centerX, centerY, bw, bh, imgWidth, imgHeight);
                    }
                }
            }
        }
        if (clip) for (int d = 0; d < dim; d++) t[d] = Math.min(Math.max(t[d], 0f), 1f);
        for (int d = 0; d < dim; d++) t[dim + d] = variances.length == 1 ? variances[0] : variances[d % 4];
        return top;
    }

    private static int corners(float[] t, int idx, float cx, float cy, float bw, float bh, int imgWidth, int imgHeight) {
        t[idx++] = (float) ((cx - bw / 2.) / imgWidth);
        t[idx++] = (float) ((cy - bh / 2.) / imgHeight);
        t[idx++] = (float) ((cx + bw / 2.) / imgWidth);
        t[idx++] = (float) ((cy + bh / 2.) / imgHeight);
        return idx;
    }

    /** The boxes of channel 0 as (D, 4) rows. */
    public static Tensor boxes(Tensor top) {
        int dim = top.dim(2);
        float[] d = java.util.Arrays.copyOfRange(top.data(), 0, dim);
        return Tensor.of(d, dim / 4, 4);
    }

    /**
     * The six PriorBox layers of caffe's SSD300 (ssd_pascal.py for VOC, ssd_coco.py for COCO): maps 38, 19, 10, 5,
     * 3, 1, steps 8, 16, 32, 64, 100, 300, ratios {2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}, flip, no clip,
     * variances (0.1, 0.1, 0.2, 0.2).
     *   VOC:  min 30, 60, 111, 162, 213, 264;  max 60, 111, 162, 213, 264, 315
     *         (min ratio 20%, max 90%, step floor(70 / 4) = 17 - the floor makes it 17, not 17.5; first map 10%)
     *   COCO: min 21, 45, 99, 153, 207, 261;   max 45, 99, 153, 207, 261, 315   (torchvision's scales x 300)
     */
    public static List<PriorBox> ssd300(boolean coco) {
        float[] min = coco ? new float[] {21, 45, 99, 153, 207, 261} : new float[] {30, 60, 111, 162, 213, 264};
        float[] max = coco ? new float[] {45, 99, 153, 207, 261, 315} : new float[] {60, 111, 162, 213, 264, 315};
        return layers(min, max, new float[][] {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}}, new float[] {8, 16, 32, 64, 100, 300});
    }

    /** caffe's SSD512 (ssd_pascal_512.py / ssd_coco_512 sizes): min 20.48, 51.2, 133.12, ...; 7 maps 64 ... 1. */
    public static List<PriorBox> ssd512() {
        float[] min = {20.48f, 51.2f, 133.12f, 215.04f, 296.96f, 378.88f, 460.8f};
        float[] max = {51.2f, 133.12f, 215.04f, 296.96f, 378.88f, 460.8f, 542.72f};
        return layers(min, max, new float[][] {{2}, {2, 3}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}}, new float[] {8, 16, 32, 64, 128, 256, 512});
    }

    public static final int[] SSD300_MAPS = {38, 19, 10, 5, 3, 1};
    public static final int[] SSD512_MAPS = {64, 32, 16, 8, 4, 2, 1};

    private static List<PriorBox> layers(float[] min, float[] max, float[][] ratios, float[] steps) {
        List<PriorBox> out = new ArrayList<>();
        for (int k = 0; k < min.length; k++) {
            out.add(new PriorBox(new float[] {min[k]}, new float[] {max[k]}, ratios[k], true, false,
                    new float[] {0.1f, 0.1f, 0.2f, 0.2f}, 0, 0, steps[k], steps[k], 0.5f));
        }
        return out;
    }

    /** caffe's mbox_priorbox Concat: all layers' boxes, (D, 4), for square maps of the given sizes on a size x size image. */
    public static Tensor concat(List<PriorBox> layers, int[] maps, int size) {
        List<Tensor> parts = new ArrayList<>();
        int rows = 0;
        for (int k = 0; k < layers.size(); k++) {
            Tensor b = boxes(layers.get(k).forward(maps[k], maps[k], size, size));
            parts.add(b);
            rows += b.dim(0);
        }
        Tensor out = Tensor.zeros(rows, 4);
        int at = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data(), 0, out.data(), at, p.numel());
            at += p.numel();
        }
        return out;
    }
}
