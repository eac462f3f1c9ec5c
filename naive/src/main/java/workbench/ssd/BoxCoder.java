/*
 * Centre-size box encoding (SSD, Liu et al. 2016, Sec. 2.2 "Training objective", Eq. (2); caffe bbox_util.cpp:
 * EncodeBBox / DecodeBBox with CodeType CENTER_SIZE; torchvision detection/_utils.py: BoxCoder, encode_boxes).
 *
 *   encode: t_x = w_x (g_cx - d_cx) / d_w,  t_y = w_y (g_cy - d_cy) / d_h,
 *           t_w = w_w log(g_w / d_w),       t_h = w_h log(g_h / d_h)
 *   decode: the inverse, with t_w, t_h clamped at log(1000/16) first (torchvision's bbox_xform_clip).
 * The paper writes Eq. (2) without weights; caffe divides by the prior's variances (0.1, 0.1, 0.2, 0.2) and
 * torchvision multiplies by weights (10, 10, 5, 5): the same numbers. Boxes are (x1, y1, x2, y2); widths are
 * x2 - x1 (no "+1" - both codes use normalised or real-valued boxes).
 * Not here: caffe's CORNER and CORNER_SIZE code types, variance_encoded_in_target.
 */
package workbench.ssd;

import workbench.tensor.Tensor;

public final class BoxCoder {
    public final float wx, wy, ww, wh;
    /** Largest t_w, t_h accepted by decode (exp overflow guard); +inf disables it (caffe). */
    public final float bboxXformClip;

    public BoxCoder(float wx, float wy, float ww, float wh, float bboxXformClip) {
        this.wx = wx;
        this.wy = wy;
        this.ww = ww;
        this.wh = wh;
        this.bboxXformClip = bboxXformClip;
    }

    /** torchvision SSD: BoxCoder(weights=(10, 10, 5, 5)), clip log(1000/16). */
    public static BoxCoder torchvision() {
        return new BoxCoder(10f, 10f, 5f, 5f, (float) Math.log(1000.0 / 16));
    }

    /** caffe: CENTER_SIZE with variances (v_x, v_y, v_w, v_h) = 1 / weights, no clamp. */
    public static BoxCoder caffe(float[] variances) {
        return new BoxCoder(1f / variances[0], 1f / variances[1], 1f / variances[2], 1f / variances[3], Float.POSITIVE_INFINITY);
    }

    /** Encodes gt boxes (M, 4) against default boxes (M, 4), row by row: torchvision's encode_single(gt, anchors). */
    public Tensor encode(Tensor gt, Tensor anchors) {
        requireBoxes("encode: gt", gt);
        requireBoxes("encode: anchors", anchors);
        if (gt.dim(0) != anchors.dim(0)) {
            throw new IllegalArgumentException("encode: " + gt.dim(0) + " gt boxes for " + anchors.dim(0) + " default boxes");
        }
        int m = gt.dim(0);
        float[] g = gt.data(), a = anchors.data();
        Tensor out = Tensor.zeros(m, 4);
        float[] t = out.data();
        for (int i = 0; i < m; i++) {
            float dW = a[i * 4 + 2] - a[i * 4], dH = a[i * 4 + 3] - a[i * 4 + 1];
            float dCx = a[i * 4] + 0.5f * dW, dCy = a[i * 4 + 1] + 0.5f * dH;
            float gW = g[i * 4 + 2] - g[i * 4], gH = g[i * 4 + 3] - g[i * 4 + 1];
            float gCx = g[i * 4] + 0.5f * gW, gCy = g[i * 4 + 1] + 0.5f * gH;
            t[i * 4] = wx * (gCx - dCx) / dW;
            t[i * 4 + 1] = wy * (gCy - dCy) / dH;
            t[i * 4 + 2] = ww * (float) Math.log(gW / dW);
            t[i * 4 + 3] = wh * (float) Math.log(gH / dH);
        }
        return out;
    }

    /** Decodes offsets (D, 4) against default boxes (D, 4) to (x1, y1, x2, y2): torchvision's decode_single. */
    public Tensor decode(Tensor relCodes, Tensor anchors) {
        requireBoxes("decode: offsets", relCodes);
        requireBoxes("decode: anchors", anchors);
        int d = relCodes.dim(0);
        float[] r = relCodes.data(), a = anchors.data();
        Tensor out = Tensor.zeros(d, 4);
        float[] b = out.data();
        for (int i = 0; i < d; i++) {
            float w = a[i * 4 + 2] - a[i * 4], h = a[i * 4 + 3] - a[i * 4 + 1];
            float cx = a[i * 4] + 0.5f * w, cy = a[i * 4 + 1] + 0.5f * h;
            float dx = r[i * 4] / wx, dy = r[i * 4 + 1] / wy;
            float dw = Math.min(r[i * 4 + 2] / ww, bboxXformClip), dh = Math.min(r[i * 4 + 3] / wh, bboxXformClip);
            float pCx = dx * w + cx, pCy = dy * h + cy;
            float pW = (float) Math.exp(dw) * w, pH = (float) Math.exp(dh) * h;
            b[i * 4] = pCx - 0.5f * pW;
            b[i * 4 + 1] = pCy - 0.5f * pH;
            b[i * 4 + 2] = pCx + 0.5f * pW;
            b[i * 4 + 3] = pCy + 0.5f * pH;
        }
        return out;
    }

    static void requireBoxes(String what, Tensor t) {
        if (t.rank() != 2 || t.dim(1) != 4) {
            throw new IllegalArgumentException(what + ": expected boxes of shape [N, 4] in [x1, y1, x2, y2], got " + t.shapeString());
        }
    }
}
