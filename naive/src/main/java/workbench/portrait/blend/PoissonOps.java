/*
 * The two numerical kernels of Poisson blending, shared by the naive and the vectorized twin
 * (Sec. 3.2 step 10 and Sec. 3.3 of the lesson). Everything around them (ROI, guidance field,
 * boundary terms, rounding) is written once, in SeamlessClone and TextbookPoisson.
 *   NaivePoisson   (naive/)       sine matrices as plain loops; SOR for the masked system
 *   PanamaPoisson  (vectorized/)  the same sine products on DoubleVector lanes; conjugate gradients
 * Does not: know about images, masks or rounding; an FFT-based DST (both twins use O(n^3) products).
 */
package workbench.portrait.blend;

public interface PoissonOps {
    /** Names the strategy in reports ("naive", "panama(256-bit)"). */
    String name();

    /**
     * Solves a rectangle problem with zero Dirichlet values around it by the DST-I (Sec. 3.2):
     * u = 4 / ((nx + 1)(ny + 1)) * S_y ((S_y r S_x) / denominator) S_x, where
     * S[k][i] = sin(pi (k + 1)(i + 1) / (n + 1)). rhs and the result are ny x nx, row-major; the
     * denominator (ny x nx) holds the eigenvalues of the operator, e.g. 2cos + 2cos - 4 - eps.
     */
    double[] solveSpectral(double[] rhs, int nx, int ny, double[] denominator);

    /**
     * Solves the 5-point system of Sec. 3.3 on the pixels where {@code system.omega()} is true:
     * diagonal[p] f[p] - sum of f[q] over the 4-neighbours q of p that are in omega = b[p].
     * Returns f (width x height, 0 outside omega) with max|residual| <= system.residualTolerance().
     */
    double[] solveMasked(MaskedSystem system);

    /** The system of {@link #solveMasked}; arrays are width x height, row-major. */
    record MaskedSystem(int width, int height, boolean[] omega, double[] diagonal, double[] b, double residualTolerance) {
        public MaskedSystem {
            int n = width * height;
            if (omega.length != n || diagonal.length != n || b.length != n) {
                throw new IllegalArgumentException("MaskedSystem " + width + "x" + height + " needs arrays of " + n + " values, got omega "
                        + omega.length + ", diagonal " + diagonal.length + ", b " + b.length);
            }
        }

        /** The residual b - A f at pixel p (p in omega). */
        public double residual(double[] f, int p) {
            int x = p % width, y = p / width;
            double s = diagonal[p] * f[p];
            if (x > 0 && omega[p - 1]) s -= f[p - 1];
            if (x < width - 1 && omega[p + 1]) s -= f[p + 1];
            if (y > 0 && omega[p - width]) s -= f[p - width];
            if (y < height - 1 && omega[p + width]) s -= f[p + width];
            return b[p] - s;
        }

        public double maxResidual(double[] f) {
            double worst = 0;
            for (int p = 0; p < omega.length; p++) if (omega[p]) worst = Math.max(worst, Math.abs(residual(f, p)));
            return worst;
        }
    }
}
