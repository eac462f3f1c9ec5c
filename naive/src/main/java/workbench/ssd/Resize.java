/*
 * Bilinear resize as torch.nn.functional.interpolate(mode="bilinear", align_corners=False, antialias=False)
 * computes it - what torchvision's GeneralizedRCNNTransform does to every image before SSD sees it.
 * Source coordinate of output pixel o: (o + 0.5) * in/out - 0.5, clamped at 0; the neighbours are floor and
 * floor + 1 (capped at the last pixel).
 * Not here: antialiasing for downscaling (torch's default is off too), other modes.
 */
package workbench.ssd;

import workbench.tensor.Tensor;

public final class Resize {
    private Resize() {}

    public static Tensor bilinear(Tensor x, int outH, int outW) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        if (h == outH && w == outW) return x.copy();
        Tensor y = Tensor.zeros(n, c, outH, outW);
        float[] s = x.data(), d = y.data();
        float scaleH = (float) h / outH, scaleW = (float) w / outW;
        for (int oy = 0; oy < outH; oy++) {
            float sy = Math.max((oy + 0.5f) * scaleH - 0.5f, 0f);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, h - 1);
            float ly = sy - y0;
            for (int ox = 0; ox < outW; ox++) {
                float sx = Math.max((ox + 0.5f) * scaleW - 0.5f, 0f);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, w - 1);
                float lx = sx - x0;
                for (int p = 0; p < n * c; p++) {
                    int base = p * h * w;
                    float v = (1 - ly) * ((1 - lx) * s[base + y0 * w + x0] + lx * s[base + y0 * w + x1])
                            + ly * ((1 - lx) * s[base + y1 * w + x0] + lx * s[base + y1 * w + x1]);
                    d[(p * outH + oy) * outW + ox] = v;
                }
            }
        }
        return y;
    }
}
