/*
 * The L2 normalisation of conv4_3 with a learnable per-channel scale (SSD, Liu et al. 2016, Sec. 3,
 * citing ParseNet; caffe: normalize_layer.cpp with across_spatial: false, channel_shared: false,
 * scale filler 20; torchvision ssd.py: SSDFeatureExtractorVGG.forward,
 * `scale_weight.view(1, -1, 1, 1) * F.normalize(x)`).
 *
 *   y[n, c, h, w] = scale[c] * x[n, c, h, w] / max(||x[n, :, h, w]||_2, eps)
 *
 * Each spatial location is divided by the length of its channel vector, so conv4_3, whose values are
 * much larger than those of deeper layers, enters the heads on the same footing; the scale (20 at
 * initialisation) is then learned per channel.
 * eps: torchvision's F.normalize clamps the norm at 1e-12; caffe adds eps = 1e-10 to the sum of
 * squares before the square root. Both only matter for an all-zero location (which stays zero).
 * Naive reference: plain loops; the sum of squares is accumulated in double.
 * Not here: caffe's across_spatial=true variant (one norm for the whole map), the backward pass.
 */
package workbench.ssd;

import workbench.tensor.Tensor;

public final class L2Norm {
    private L2Norm() {}

    /** torchvision's F.normalize eps: the norm is clamped from below at this value. */
    public static final float TORCHVISION_EPS = 1e-12f;

    /** The initial value of every channel's scale (caffe's scale_filler, torchvision's torch.ones(512) * 20). */
    public static final float INITIAL_SCALE = 20f;

    /** scale[c] * x / max(||x||_2 over channels, eps); x is (N, C, H, W), scale is (C). */
    public static Tensor apply(Tensor x, Tensor scale) {
        if (x.rank() != 4 || scale.numel() != x.dim(1)) {
            throw new IllegalArgumentException("L2Norm: expected x (N, C, H, W) and scale (C), got x " + x.shapeString()
                    + " and scale " + scale.shapeString());
        }
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        float[] in = x.data(), s = scale.data();
        Tensor y = Tensor.zeros(x.shape());
        float[] out = y.data();
        for (int b = 0; b < n; b++) {
            int base = b * c * hw;
            for (int p = 0; p < hw; p++) {
                // ||x[b, :, p]||_2: the channel vector at one location
                double sumSquares = 0;
                for (int ch = 0; ch < c; ch++) {
                    float v = in[base + ch * hw + p];
                    sumSquares += (double) v * v;
                }
                float norm = Math.max((float) Math.sqrt(sumSquares), TORCHVISION_EPS);
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch * hw + p;
                    out[i] = s[ch] * (in[i] / norm);
                }
            }
        }
        return y;
    }
}
