/*
 * Bilinear resizing of an NCHW tensor with torch's F.interpolate(mode="bilinear") semantics for a
 * target size (lesson Sec. 1.5: the decoder upsamples the encoder features by 4, the model
 * its logits to the input; torch aten/src/ATen/native/UpSample.h: area_pixel_compute_source_index).
 *
 *   align_corners=False (torch default, VainF): src = (dst + 0.5) * in/out - 0.5, clamped at 0
 *   align_corners=True  (TF1 resize_bilinear(align_corners=True)): src = dst * (in - 1)/(out - 1)
 *
 * Positions and weights are computed in float, as torch does for float32 input. Measured on the
 * goldens: within 1.9e-6 of torch on unit-variance inputs, where torch itself is up to 1.7e-6 and
 * this code 2.4e-6 away from a float64 evaluation of the same formula.
 * Naive reference: plain loops, no Vector API, no threads. Not here: antialias, scale_factor
 * arguments (DeepLab always resizes to a size), other modes.
 */
package workbench.portrait;

import workbench.tensor.Tensor;

public final class Bilinear {
    private Bilinear() {}

    /** F.interpolate(x, size=(outH, outW), mode="bilinear", align_corners=alignCorners). */
    public static Tensor resize(Tensor x, int outH, int outW, boolean alignCorners) {
        if (x.rank() != 4) throw new IllegalArgumentException("bilinear resize: expected (N, C, H, W), got " + x.shapeString());
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("bilinear resize: output size must be >= 1, got " + outH + "x" + outW);
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        Tensor y = Tensor.zeros(n, c, outH, outW);
        // per output row and column: the two source indices and their weights (same for all planes)
        int[] h0 = new int[outH], h1 = new int[outH];
        float[] hl0 = new float[outH], hl1 = new float[outH];
        int[] w0 = new int[outW], w1 = new int[outW];
        float[] wl0 = new float[outW], wl1 = new float[outW];
        taps(h, outH, alignCorners, h0, h1, hl0, hl1);
        taps(w, outW, alignCorners, w0, w1, wl0, wl1);
        float[] src = x.data(), dst = y.data();
        for (int plane = 0; plane < n * c; plane++) {
            int in = plane * h * w, out = plane * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int r0 = in + h0[oy] * w, r1 = in + h1[oy] * w;
                for (int ox = 0; ox < outW; ox++) {
                    // torch: h0lambda * (w0lambda * x00 + w1lambda * x01) + h1lambda * (w0lambda * x10 + w1lambda * x11)
                    dst[out + oy * outW + ox] = hl0[oy] * (wl0[ox] * src[r0 + w0[ox]] + wl1[ox] * src[r0 + w1[ox]])
                            + hl1[oy] * (wl0[ox] * src[r1 + w0[ox]] + wl1[ox] * src[r1 + w1[ox]]);
                }
            }
        }
        return y;
    }

    /** Source indices i0 <= i1 and weights l0 + l1 = 1 along one axis of length in resized to out. */
    static void taps(int in, int out, boolean alignCorners, int[] i0, int[] i1, float[] l0, float[] l1) {
        float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : (float) in / out;
        for (int d = 0; d < out; d++) {
            float real = alignCorners ? scale * d : Math.max(scale * (d + 0.5f) - 0.5f, 0f);
            int lo = (int) real;                          // floor, real >= 0
            int step = lo < in - 1 ? 1 : 0;               // the last row/column pairs with itself
            float lambda1 = real - lo;
            i0[d] = lo;
            i1[d] = lo + step;
            l1[d] = lambda1;
            l0[d] = 1f - lambda1;
        }
    }
}
