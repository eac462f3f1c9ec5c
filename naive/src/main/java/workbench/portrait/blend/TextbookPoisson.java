/*
 * Poisson image editing as Perez, Gangnet and Blake (SIGGRAPH 2003) write it, Sec. 3.3 of the
 * lesson: the unknown region is the mask itself (Omega = mask != 0), the boundary values on its
 * border come from the background, and on Omega
 *   |N_p| f_p - sum_{q in N_p and Omega} f_q = sum_{q in N_p, not in Omega} f*_q + sum_{q in N_p} v_pq     (paper Eq. (7))
 * with v_pq = g_p - g_q (importing gradients, Eq. (11)) or, with mixing, f*_p - f*_q whenever
 * |f*_p - f*_q| > |g_p - g_q| (Eq. (12), one choice per link). N_p are the 4-neighbours inside the
 * image. Solved in double to PoissonOps' residual tolerance, rounded half up, clamped to 0..255.
 * Foreground and background have the same size and the region stays in place (no offset).
 * Does not: OpenCV's erosion, mask weights or truncation (that is SeamlessClone, P2).
 */
package workbench.portrait.blend;

import workbench.portrait.image.Image8;

public final class TextbookPoisson {
    private TextbookPoisson() {}

    /** max|residual| of Eq. (7) the solvers are run to; with values up to 255 the solution is good to ~1e-6. */
    public static final double RESIDUAL = 1e-9;

    /** The composite: the solution on Omega, the background elsewhere. */
    public static Image8 apply(Image8 g, Image8 fStar, Image8 mask, boolean mixed, PoissonOps ops) {
        double[][] f = solve(g, fStar, mask, mixed, ops);
        Image8 out = fStar.copy();
        for (int p = 0; p < mask.width() * mask.height(); p++) {
            if ((mask.data()[p] & 0xff) == 0) continue;
            for (int c = 0; c < 3; c++) out.data()[p * 3 + c] = (byte) SeamlessClone.toByte(f[c][p], SeamlessClone.Precision.TEXTBOOK);
        }
        return out;
    }

    /** The solution of Eq. (7) per channel (width x height; only Omega's entries mean anything). */
    public static double[][] solve(Image8 g, Image8 fStar, Image8 mask, boolean mixed, PoissonOps ops) {
        if (g.channels() != 3 || fStar.channels() != 3 || !g.sameSize(fStar)) {
            throw new IllegalArgumentException("textbook Poisson: foreground and background must be RGB of one size, got "
                    + g.sizeString() + " and " + fStar.sizeString());
        }
        if (mask.channels() != 1 || !mask.sameSize(g)) {
            throw new IllegalArgumentException("textbook Poisson: the mask must be one channel of " + g.width() + "x" + g.height()
                    + ", got " + mask.sizeString());
        }
        int w = g.width(), h = g.height();
        boolean[] omega = new boolean[w * h];
        boolean all = true;
        for (int p = 0; p < omega.length; p++) {
            omega[p] = (mask.data()[p] & 0xff) != 0;
            all &= omega[p];
        }
        double[][] f = new double[3][w * h];
        if (all) {
            // Omega is the whole frame: no boundary, Eq. (7) fixes f only up to a constant; take g itself.
            for (int p = 0; p < omega.length; p++) for (int c = 0; c < 3; c++) f[c][p] = g.data()[p * 3 + c] & 0xff;
            return f;
        }
        for (int c = 0; c < 3; c++) {
            double[] diagonal = new double[w * h], b = new double[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (!omega[p]) continue;
                    int[][] neighbours = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                    for (int[] q : neighbours) {
                        if (q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h) continue;   // N_p stays inside the image
                        diagonal[p] += 1;                                             // |N_p|
                        int fq = fStar.get(q[0], q[1], c);
                        if (!omega[q[1] * w + q[0]]) b[p] += fq;                      // boundary value f*_q, q on the border of Omega
                        double gpq = g.get(x, y, c) - g.get(q[0], q[1], c);
                        double fpq = fStar.get(x, y, c) - fq;
                        b[p] += mixed && Math.abs(fpq) > Math.abs(gpq) ? fpq : gpq;    // v_pq, Eq. (11) or (12)
                    }
                }
            }
            f[c] = ops.solveMasked(new PoissonOps.MaskedSystem(w, h, omega, diagonal, b, RESIDUAL));
        }
        return f;
    }
}
