/*
 * Naive twin of GuidedFilterOps: the guided filter of He et al. (Sec. 2.3), Algorithm 1 of the
 * TPAMI paper, written pixel by pixel, in the float32 steps of cv2.ximgproc.guidedFilter
 * (opencv_contrib modules/ximgproc/src/guided_filter.cpp), so that it matches it to ~1e-6:
 *
 *   grey guide I:   mean_I, mean_p, corr_I = f(I.I), corr_Ip = f(I.p)            (f = box mean)
 *                   var_I = corr_I - mean_I^2,  cov_Ip = corr_Ip - mean_I mean_p
 *                   a = cov_Ip / (var_I + eps),  b = mean_p - a mean_I                 Eq. (5), (6)
 *                   q = f(a) I + f(b)                                                 Eq. (8)
 *   colour guide:   Sigma_k = f(I I^T) - mu_k mu_k^T (3x3 per pixel),  a_k = (Sigma_k + eps U)^-1 cov_Ip
 *                   b_k = mean_p - a_k . mu_k,  q = f(a) . I + f(b)                   Eq. (14)-(16)
 *
 * The 3x3 inverse is the adjugate over the determinant (cofactors), as OpenCV does; when eps < 1e-2
 * OpenCV replaces a determinant below 1e-6 by 1, and so do we. Box means: separable window sums in
 * double (OpenCV's box filter accumulates float input in double), scaled by 1/(2r+1)^2, stored as float.
 * Not here: the fast guided filter (subsampling), float or 16-bit guides, multi-channel p.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;

public final class NaiveGuidedFilter implements GuidedFilterOps {
    public static final NaiveGuidedFilter INSTANCE = new NaiveGuidedFilter();

    @Override
    public String name() { return "naive"; }

    @Override
    public float[] boxMean(float[] src, int w, int h, int r, BoxBorder border) {
        GuidedFilterOps.checkPlane(src, w, h, r);
        // Horizontal window sums, then vertical sums of those: (2r+1)^2 terms per pixel, in double.
        double[] rows = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dx = -r; dx <= r; dx++) s += src[y * w + border.index(x + dx, w)];
                rows[y * w + x] = s;
            }
        }
        double scale = 1.0 / ((double) (2 * r + 1) * (2 * r + 1));
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -r; dy <= r; dy++) s += rows[border.index(y + dy, h) * w + x];
                out[y * w + x] = (float) (s * scale);
            }
        }
        return out;
    }

    @Override
    public float[] filter(Image8 guide, float[] p, int r, double eps, BoxBorder border) {
        GuidedFilterOps.check(guide, p, r, eps);
        return guide.channels() == 1 ? grey(guide, p, r, (float) eps, border) : colour(guide, p, r, eps, border);
    }

    /** The guide's channel c as float levels 0..255 (convertTo(CV_32F): no scaling). */
    static float[] channel(Image8 guide, int c) {
        int n = guide.width() * guide.height(), ch = guide.channels();
        byte[] d = guide.data();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = d[i * ch + c] & 0xff;
        return out;
    }

    private static float[] times(float[] u, float[] v) {
        float[] out = new float[u.length];
        for (int i = 0; i < u.length; i++) out[i] = u[i] * v[i];
        return out;
    }

    private float[] grey(Image8 guide, float[] p, int r, float eps, BoxBorder border) {
        int w = guide.width(), h = guide.height(), n = w * h;
        float[] I = channel(guide, 0);
        float[] meanI = boxMean(I, w, h, r, border);
        float[] corrI = boxMean(times(I, I), w, h, r, border);
        float[] meanP = boxMean(p, w, h, r, border);
        float[] corrIp = boxMean(times(I, p), w, h, r, border);
        float[] a = new float[n], b = new float[n];
        for (int i = 0; i < n; i++) {
            float varI = corrI[i] - (meanI[i] * meanI[i] - eps);      // var_I + eps
            float covIp = corrIp[i] - meanP[i] * meanI[i];
            a[i] = (1f / varI) * covIp;                                 // Eq. (5)
            b[i] = meanP[i] - a[i] * meanI[i];                          // Eq. (6)
        }
        float[] meanA = boxMean(a, w, h, r, border), meanB = boxMean(b, w, h, r, border);
        float[] q = new float[n];
        for (int i = 0; i < n; i++) q[i] = meanB[i] + meanA[i] * I[i];  // Eq. (8)
        return q;
    }

    private float[] colour(Image8 guide, float[] p, int r, double eps, BoxBorder border) {
        int w = guide.width(), h = guide.height(), n = w * h;
        float[][] I = new float[3][], mu = new float[3][];
        for (int c = 0; c < 3; c++) {
            I[c] = channel(guide, c);
            mu[c] = boxMean(I[c], w, h, r, border);
        }
        // Sigma_k + eps U, stored as its 6 distinct entries sigma[i][j] (j <= i).
        float epsF = (float) eps;
        float[][][] sigma = new float[3][3][];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                float[] corr = boxMean(times(I[i], I[j]), w, h, r, border);
                float[] s = new float[n];
                for (int k = 0; k < n; k++) s[k] = i == j ? corr[k] - (mu[i][k] * mu[j][k] - epsF) : corr[k] - mu[i][k] * mu[j][k];
                sigma[i][j] = s;
                sigma[j][i] = s;
            }
        }
        float[] meanP = boxMean(p, w, h, r, border);
        float[][] covIp = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] corr = boxMean(times(p, I[c]), w, h, r, border);
            covIp[c] = new float[n];
            for (int k = 0; k < n; k++) covIp[c][k] = corr[k] - meanP[k] * mu[c][k];
        }
        float[][] a = new float[3][n];
        float[] b = new float[n];
        float[][] inv = new float[3][3];
        float[][] s = new float[3][3];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s[i][j] = sigma[i][j][k];
            invertByCofactors(s, inv, eps);
            for (int c = 0; c < 3; c++) {
                // a_k = (Sigma_k + eps U)^-1 cov_Ip, Eq. (14)
                a[c][k] = inv[c][0] * covIp[0][k] + inv[c][1] * covIp[1][k] + inv[c][2] * covIp[2][k];
            }
            // b_k = mean_p - a_k . mu_k, Eq. (15)
            b[k] = meanP[k] - a[0][k] * mu[0][k] - a[1][k] * mu[1][k] - a[2][k] * mu[2][k];
        }
        float[] meanB = boxMean(b, w, h, r, border);
        float[][] meanA = {boxMean(a[0], w, h, r, border), boxMean(a[1], w, h, r, border), boxMean(a[2], w, h, r, border)};
        float[] q = new float[n];
        for (int k = 0; k < n; k++) {
            // q_i = f(a)_i . I_i + f(b)_i, Eq. (16)
            q[k] = meanB[k] + meanA[0][k] * I[0][k] + meanA[1][k] * I[1][k] + meanA[2][k] * I[2][k];
        }
        return q;
    }

    /**
     * inv = s^-1 for a symmetric 3x3 s: cofactor (k, l) is the 2x2 determinant of the rows k+1, k+2 and
     * columns l+1, l+2 (mod 3), which for a symmetric matrix is already the adjugate's entry; det
     * expands along the first column. Float32 like OpenCV.
     */
    static void invertByCofactors(float[][] s, float[][] inv, double eps) {
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l <= k; l++) {
                float a00 = s[(k + 1) % 3][(l + 1) % 3], a01 = s[(k + 1) % 3][(l + 2) % 3];
                float a10 = s[(k + 2) % 3][(l + 1) % 3], a11 = s[(k + 2) % 3][(l + 2) % 3];
                inv[k][l] = a00 * a11 - a01 * a10;
            }
        }
        float det = s[0][0] * inv[0][0] + s[1][0] * inv[1][0] + s[2][0] * inv[2][0];
        if (eps < 1e-2 && Math.abs(det) < 1e-6f) det = 1f;   // OpenCV's guard for a (near) singular window
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l <= k; l++) {
                inv[k][l] = inv[k][l] / det;
                inv[l][k] = inv[k][l];
            }
        }
    }
}
