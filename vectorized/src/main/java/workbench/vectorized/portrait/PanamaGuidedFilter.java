/*
 * Panama twin of workbench.portrait.matte.NaiveGuidedFilter: the guided filter of chapter 04
 * (Sec. 2.3) as cv2.ximgproc.guidedFilter computes it, on jdk.incubator.vector. Versions: one.
 *   boxMean  two passes over a double copy of the plane, both O(1) per pixel whatever the radius:
 *            1. vertical: a running sum of 2r+1 rows, one double per column; moving down one row adds
 *               the row entering the window and subtracts the row leaving it. Lanes = L consecutive
 *               columns (DoubleVector), so each step is 3 contiguous loads and a store per L columns.
 *            2. horizontal, per row: the row of column sums is extended by r reflected values on each
 *               side, turned into a prefix sum (scalar: a dependent chain), and each output is
 *               P[x + 2r + 1] - P[x]; lanes = L consecutive outputs, scaled and narrowed to float.
 *            Borders (REFLECT / REFLECT_101) only decide which rows enter the running sum and which
 *            values extend a row, so the vector loops never test an index.
 *   a, b     per-pixel arithmetic (covariances, the 3x3 inverse by cofactors, a = Sigma^-1 cov, b, q)
 *            with lanes = L consecutive pixels of the flat plane (FloatVector), in the same float
 *            operations and order as the naive twin (no fma), so given the same box means the results
 *            are bit-identical; tails (< L pixels) run the same expressions scalar.
 * Expected difference vs naive: box sums are accumulated in a different order (running vs direct,
 * both in double) and could round to a neighbouring float; measured: identical results (max |d| = 0)
 * on every golden and in the random twin test.
 * Species: the preferred one only, held in static finals. C2 intrinsifies Vector API calls only for a
 * constant species; with the species in an instance field (to force 128 bits in tests) the box mean
 * measured 4x slower (1.24 ms vs 0.28 ms at 320x240, r = 8), so no forced-width constructor exists.
 * Run: mvn -pl golden-tests test -Dtest='PortraitMatte*'  (twin test: -pl vectorized -Dtest=PanamaGuidedFilterTwinTest)
 */
package workbench.vectorized.portrait;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import workbench.portrait.image.Image8;
import workbench.portrait.matte.BoxBorder;
import workbench.portrait.matte.GuidedFilterOps;

public final class PanamaGuidedFilter implements GuidedFilterOps {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats that widen into one DoubleVector of D (half D's bit size). */
    private static final VectorSpecies<Float> FD = VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(64, D.vectorBitSize() / 2)));

    @Override
    public String name() { return "vectorized(" + F.vectorBitSize() + "-bit)"; }

    @Override
    public float[] boxMean(float[] src, int w, int h, int r, BoxBorder border) {
        GuidedFilterOps.checkPlane(src, w, h, r);
        double[] plane = new double[w * h];
        for (int i = 0; i < plane.length; i++) plane[i] = src[i];
        double scale = 1.0 / ((double) (2 * r + 1) * (2 * r + 1));
        float[] out = new float[w * h];
        double[] colSum = new double[w];
        double[] prefix = new double[w + 2 * r + 1];
        int bound = D.loopBound(w);
        // Window of row 0: rows -r..r, reflected.
        for (int dy = -r; dy <= r; dy++) addRow(colSum, plane, border.index(dy, h) * w, w, bound);
        for (int y = 0; y < h; y++) {
            if (y > 0) {
                int enter = border.index(y + r, h) * w, leave = border.index(y - r - 1, h) * w;
                int x = 0;
                for (; x < bound; x += D.length()) {
                    DoubleVector s = DoubleVector.fromArray(D, colSum, x);
                    s = s.add(DoubleVector.fromArray(D, plane, enter + x)).sub(DoubleVector.fromArray(D, plane, leave + x));
                    s.intoArray(colSum, x);
                }
                for (; x < w; x++) colSum[x] = colSum[x] + plane[enter + x] - plane[leave + x];
            }
            // Horizontal: prefix sums of the reflected-extended row; prefix[k] = sum of ext[0..k).
            prefix[0] = 0;
            for (int k = 0; k < w + 2 * r; k++) prefix[k + 1] = prefix[k] + colSum[border.index(k - r, w)];
            int x = 0, o = y * w;
            for (; x < bound; x += D.length()) {
                DoubleVector hi = DoubleVector.fromArray(D, prefix, x + 2 * r + 1);
                DoubleVector lo = DoubleVector.fromArray(D, prefix, x);
                FloatVector f = (FloatVector) hi.sub(lo).mul(scale).convertShape(VectorOperators.D2F, FD, 0);
                f.intoArray(out, o + x);
            }
            for (; x < w; x++) out[o + x] = (float) ((prefix[x + 2 * r + 1] - prefix[x]) * scale);
        }
        return out;
    }

    private static void addRow(double[] acc, double[] plane, int row, int w, int bound) {
        int x = 0;
        for (; x < bound; x += D.length()) {
            DoubleVector.fromArray(D, acc, x).add(DoubleVector.fromArray(D, plane, row + x)).intoArray(acc, x);
        }
        for (; x < w; x++) acc[x] = acc[x] + plane[row + x];
    }

    @Override
    public float[] filter(Image8 guide, float[] p, int r, double eps, BoxBorder border) {
        GuidedFilterOps.check(guide, p, r, eps);
        return guide.channels() == 1 ? grey(guide, p, r, (float) eps, border) : colour(guide, p, r, eps, border);
    }

    private static float[] channel(Image8 guide, int c) {
        int n = guide.width() * guide.height(), ch = guide.channels();
        byte[] d = guide.data();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = d[i * ch + c] & 0xff;
        return out;
    }

    /** u * v element-wise; lanes = L consecutive pixels. */
    private static float[] times(float[] u, float[] v) {
        float[] out = new float[u.length];
        int i = 0, bound = F.loopBound(u.length);
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, u, i).mul(FloatVector.fromArray(F, v, i)).intoArray(out, i);
        }
        for (; i < u.length; i++) out[i] = u[i] * v[i];
        return out;
    }

    private static FloatVector v(float[] a, int i) { return FloatVector.fromArray(F, a, i); }

    private float[] grey(Image8 guide, float[] p, int r, float eps, BoxBorder border) {
        int w = guide.width(), h = guide.height(), n = w * h;
        float[] I = channel(guide, 0);
        float[] meanI = boxMean(I, w, h, r, border);
        float[] corrI = boxMean(times(I, I), w, h, r, border);
        float[] meanP = boxMean(p, w, h, r, border);
        float[] corrIp = boxMean(times(I, p), w, h, r, border);
        float[] a = new float[n], b = new float[n];
        int i = 0, bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            FloatVector mI = v(meanI, i), mP = v(meanP, i);
            FloatVector varI = v(corrI, i).sub(mI.mul(mI).sub(eps));
            FloatVector covIp = v(corrIp, i).sub(mP.mul(mI));
            FloatVector ai = FloatVector.broadcast(F, 1f).div(varI).mul(covIp);
            ai.intoArray(a, i);
            mP.sub(ai.mul(mI)).intoArray(b, i);
        }
        for (; i < n; i++) {
            float varI = corrI[i] - (meanI[i] * meanI[i] - eps);
            float covIp = corrIp[i] - meanP[i] * meanI[i];
            a[i] = (1f / varI) * covIp;
            b[i] = meanP[i] - a[i] * meanI[i];
        }
        float[] meanA = boxMean(a, w, h, r, border), meanB = boxMean(b, w, h, r, border);
        float[] q = new float[n];
        i = 0;
        for (; i < bound; i += F.length()) v(meanB, i).add(v(meanA, i).mul(v(I, i))).intoArray(q, i);
        for (; i < n; i++) q[i] = meanB[i] + meanA[i] * I[i];
        return q;
    }

    private float[] colour(Image8 guide, float[] p, int r, double eps, BoxBorder border) {
        int w = guide.width(), h = guide.height(), n = w * h;
        float[][] I = new float[3][], mu = new float[3][];
        for (int c = 0; c < 3; c++) {
            I[c] = channel(guide, c);
            mu[c] = boxMean(I[c], w, h, r, border);
        }
        float epsF = (float) eps;
        int bound = F.loopBound(n);
        float[][][] sigma = new float[3][3][];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                float[] corr = boxMean(times(I[i], I[j]), w, h, r, border);
                float[] s = new float[n];
                float[] mi = mu[i], mj = mu[j];
                boolean diag = i == j;
                int k = 0;
                for (; k < bound; k += F.length()) {
                    FloatVector prod = v(mi, k).mul(v(mj, k));
                    v(corr, k).sub(diag ? prod.sub(epsF) : prod).intoArray(s, k);
                }
                for (; k < n; k++) s[k] = diag ? corr[k] - (mi[k] * mj[k] - epsF) : corr[k] - mi[k] * mj[k];
                sigma[i][j] = s;
                sigma[j][i] = s;
            }
        }
        float[] meanP = boxMean(p, w, h, r, border);
        float[][] covIp = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] corr = boxMean(times(p, I[c]), w, h, r, border);
            float[] cv = new float[n];
            int k = 0;
            for (; k < bound; k += F.length()) v(corr, k).sub(v(meanP, k).mul(v(mu[c], k))).intoArray(cv, k);
            for (; k < n; k++) cv[k] = corr[k] - meanP[k] * mu[c][k];
            covIp[c] = cv;
        }
        // Inverse by cofactors, lanes = pixels: inv[k][l] (l <= k) = 2x2 determinant of the cyclic minors.
        float[][][] inv = new float[3][3][];
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l <= k; l++) {
                float[] a00 = sigma[(k + 1) % 3][(l + 1) % 3], a01 = sigma[(k + 1) % 3][(l + 2) % 3];
                float[] a10 = sigma[(k + 2) % 3][(l + 1) % 3], a11 = sigma[(k + 2) % 3][(l + 2) % 3];
                float[] dst = new float[n];
                int i = 0;
                for (; i < bound; i += F.length()) v(a00, i).mul(v(a11, i)).sub(v(a01, i).mul(v(a10, i))).intoArray(dst, i);
                for (; i < n; i++) dst[i] = a00[i] * a11[i] - a01[i] * a10[i];
                inv[k][l] = dst;
                inv[l][k] = dst;
            }
        }
        float[] det = new float[n];
        boolean guard = eps < 1e-2;
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector d = v(sigma[0][0], i).mul(v(inv[0][0], i)).add(v(sigma[1][0], i).mul(v(inv[1][0], i)))
                    .add(v(sigma[2][0], i).mul(v(inv[2][0], i)));
            if (guard) {
                VectorMask<Float> tiny = d.abs().lt(1e-6f);
                d = d.blend(1f, tiny);
            }
            d.intoArray(det, i);
        }
        for (; i < n; i++) {
            float d = sigma[0][0][i] * inv[0][0][i] + sigma[1][0][i] * inv[1][0][i] + sigma[2][0][i] * inv[2][0][i];
            det[i] = guard && Math.abs(d) < 1e-6f ? 1f : d;
        }
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l <= k; l++) {
                float[] e = inv[k][l];
                int j = 0;
                for (; j < bound; j += F.length()) v(e, j).div(v(det, j)).intoArray(e, j);
                for (; j < n; j++) e[j] = e[j] / det[j];
            }
        }
        // a_c = sum_k inv[c][k] cov_k;  b = meanP - a_0 mu_0 - a_1 mu_1 - a_2 mu_2 (same order as the naive twin)
        float[][] a = new float[3][n];
        float[] b = new float[n];
        i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector c0 = v(covIp[0], i), c1 = v(covIp[1], i), c2 = v(covIp[2], i);
            FloatVector bb = v(meanP, i);
            for (int c = 0; c < 3; c++) {
                FloatVector ac = v(inv[c][0], i).mul(c0).add(v(inv[c][1], i).mul(c1)).add(v(inv[c][2], i).mul(c2));
                ac.intoArray(a[c], i);
                bb = bb.sub(ac.mul(v(mu[c], i)));
            }
            bb.intoArray(b, i);
        }
        for (; i < n; i++) {
            for (int c = 0; c < 3; c++) a[c][i] = inv[c][0][i] * covIp[0][i] + inv[c][1][i] * covIp[1][i] + inv[c][2][i] * covIp[2][i];
            b[i] = meanP[i] - a[0][i] * mu[0][i] - a[1][i] * mu[1][i] - a[2][i] * mu[2][i];
        }
        float[] meanB = boxMean(b, w, h, r, border);
        float[][] meanA = {boxMean(a[0], w, h, r, border), boxMean(a[1], w, h, r, border), boxMean(a[2], w, h, r, border)};
        float[] q = new float[n];
        i = 0;
        for (; i < bound; i += F.length()) {
            v(meanB, i).add(v(meanA[0], i).mul(v(I[0], i))).add(v(meanA[1], i).mul(v(I[1], i))).add(v(meanA[2], i).mul(v(I[2], i)))
                    .intoArray(q, i);
        }
        for (; i < n; i++) q[i] = meanB[i] + meanA[0][i] * I[0][i] + meanA[1][i] * I[1][i] + meanA[2][i] * I[2][i];
        return q;
    }
}
