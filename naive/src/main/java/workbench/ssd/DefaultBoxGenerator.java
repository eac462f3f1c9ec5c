/*
 * Default boxes as torchvision makes them (SSD, Liu et al. 2016, Sec. 2.2 "Choosing scales and aspect ratios
 * for default boxes"; torchvision anchor_utils.py: DefaultBoxGenerator).
 *
 * Paper: for m maps, s_k = s_min + (s_max - s_min)(k - 1)/(m - 1); boxes of width s_k sqrt(a_r) and height
 * s_k / sqrt(a_r) for a_r in {1, 2, 3, 1/2, 1/3}, plus s'_k = sqrt(s_k s_{k+1}) for a_r = 1; centres at
 * ((i + 0.5)/|f_k|, (j + 0.5)/|f_k|).
 * torchvision: the scale list may be given (ssd300_vgg16 gives 0.07, 0.15, ... 1.05, caffe's COCO sizes over 300)
 * or computed by the formula above with s_{m+1} = 1; the centre divides by image_size / step instead of |f_k|
 * when steps are given; with clip the (w, h) pairs are clamped to [0, 1] while still centre-size (so a box
 * can still stick out of the image - caffe clips the corners instead, see PriorBox).
 * Per location the order is s_k, s'_k, then (r, 1/r) for each listed r: the order of the head's rows.
 * Naive reference; the arithmetic is done in float32 like torchvision's tensors.
 * Not here: several image sizes in one batch (all images share one size after SSD's fixed-size resize).
 */
package workbench.ssd;

import java.util.Arrays;
import workbench.tensor.Tensor;

public final class DefaultBoxGenerator {
    public final int[][] aspectRatios;
    public final double[] scales;
    public final int[] steps;    // null: centres from the feature-map size
    public final boolean clip;
    private final float[][][] whPairs;

    /** Scales given explicitly (one more than there are maps). */
    public DefaultBoxGenerator(int[][] aspectRatios, double[] scales, int[] steps, boolean clip) {
        if (steps != null && steps.length != aspectRatios.length) {
            throw new IllegalArgumentException("DefaultBoxGenerator: aspect_ratios and steps should have the same length, got "
                    + aspectRatios.length + " and " + steps.length);
        }
        if (scales.length < aspectRatios.length + 1) {
            throw new IllegalArgumentException("DefaultBoxGenerator: need " + (aspectRatios.length + 1) + " scales (one per map and "
                    + "s_{m+1}), got " + scales.length);
        }
        this.aspectRatios = aspectRatios;
        this.scales = scales.clone();
        this.steps = steps == null ? null : steps.clone();
        this.clip = clip;
        this.whPairs = new float[aspectRatios.length][][];
        for (int k = 0; k < aspectRatios.length; k++) whPairs[k] = whPairs(k);
    }

    /** Scales from the paper's formula between minRatio and maxRatio (torchvision's defaults 0.15 and 0.9). */
    public static DefaultBoxGenerator fromRatios(int[][] aspectRatios, double minRatio, double maxRatio, int[] steps, boolean clip) {
        return new DefaultBoxGenerator(aspectRatios, paperScales(aspectRatios.length, minRatio, maxRatio), steps, clip);
    }

    /**
     * Sec. 2.2 Eq. (4): s_k = s_min + (s_max - s_min)(k - 1)/(m - 1), k = 1..m, then s_{m+1} = 1 for s'_m
     * (torchvision's choice; the paper does not say what s'_m uses). With one map: {s_min, s_max}.
     */
    public static double[] paperScales(int m, double minRatio, double maxRatio) {
        if (m == 1) return new double[] {minRatio, maxRatio};
        double[] s = new double[m + 1];
        for (int k = 0; k < m; k++) s[k] = minRatio + (maxRatio - minRatio) * k / (m - 1.0);
        s[m] = 1.0;
        return s;
    }

    /** Width-height pairs of map k, in the order of the rows: s_k, s'_k, then (w, h), (h, w) per ratio. */
    private float[][] whPairs(int k) {
        double sK = scales[k];
        double sPrimeK = Math.sqrt(scales[k] * scales[k + 1]);
        float[][] pairs = new float[2 + 2 * aspectRatios[k].length][];
        pairs[0] = new float[] {(float) sK, (float) sK};
        pairs[1] = new float[] {(float) sPrimeK, (float) sPrimeK};
        int i = 2;
        for (int ar : aspectRatios[k]) {
            double sqAr = Math.sqrt(ar);
            float w = (float) (sK * sqAr), h = (float) (sK / sqAr);
            pairs[i++] = new float[] {w, h};
            pairs[i++] = new float[] {h, w};
        }
        return pairs;
    }

    /** A_k = 2 + 2 * |ratios of map k|. */
    public int[] numAnchorsPerLocation() {
        return Arrays.stream(aspectRatios).mapToInt(r -> 2 + 2 * r.length).toArray();
    }

    /** Total number of default boxes for maps of the given sizes {H_k, W_k}. */
    public int count(int[][] gridSizes) {
        int[] a = numAnchorsPerLocation();
        int n = 0;
        for (int k = 0; k < gridSizes.length; k++) n += gridSizes[k][0] * gridSizes[k][1] * a[k];
        return n;
    }

    /** (D, 4) boxes (cx, cy, w, h) relative to the image: torchvision's _grid_default_boxes. */
    public Tensor gridDefaultBoxes(int[][] gridSizes, int imageH, int imageW) {
        if (gridSizes.length != aspectRatios.length) {
            throw new IllegalArgumentException("DefaultBoxGenerator: " + aspectRatios.length + " aspect-ratio lists but "
                    + gridSizes.length + " feature maps");
        }
        Tensor out = Tensor.zeros(count(gridSizes), 4);
        float[] d = out.data();
        int row = 0;
        for (int k = 0; k < gridSizes.length; k++) {
            int fH = gridSizes[k][0], fW = gridSizes[k][1];
            // |f_k| in the paper; image_size / step when steps are given (Sec. 2.2 centres ((i + 0.5)/|f_k|, ...))
            float xFk = steps != null ? (float) ((double) imageW / steps[k]) : fW;
            float yFk = steps != null ? (float) ((double) imageH / steps[k]) : fH;
            for (int y = 0; y < fH; y++) {
                float cy = (y + 0.5f) / yFk;
                for (int x = 0; x < fW; x++) {
                    float cx = (x + 0.5f) / xFk;
                    for (float[] wh : whPairs[k]) {
                        d[row * 4] = cx;
                        d[row * 4 + 1] = cy;
                        d[row * 4 + 2] = clip ? clamp01(wh[0]) : wh[0];
                        d[row * 4 + 3] = clip ? clamp01(wh[1]) : wh[1];
                        row++;
                    }
                }
            }
        }
        return out;
    }

    /** (D, 4) boxes (x1, y1, x2, y2) in pixels, as SSD.forward receives them from the generator. */
    public Tensor anchors(int[][] gridSizes, int imageH, int imageW) {
        Tensor c = gridDefaultBoxes(gridSizes, imageH, imageW);
        float[] s = c.data();
        Tensor out = Tensor.zeros(c.shape());
        float[] d = out.data();
        for (int i = 0; i < c.dim(0); i++) {
            float cx = s[i * 4], cy = s[i * 4 + 1], w = s[i * 4 + 2], h = s[i * 4 + 3];
            d[i * 4] = (cx - 0.5f * w) * imageW;
            d[i * 4 + 1] = (cy - 0.5f * h) * imageH;
            d[i * 4 + 2] = (cx + 0.5f * w) * imageW;
            d[i * 4 + 3] = (cy + 0.5f * h) * imageH;
        }
        return out;
    }

    private static float clamp01(float v) {
        return Math.min(Math.max(v, 0f), 1f);
    }
}
