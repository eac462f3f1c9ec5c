/*
 * Naive PoissonOps: the DST-I as products with an explicit sine matrix, and successive
 * over-relaxation for the masked system. Follows Sec. 3.2 step 10 (OpenCV's Cloning::solve, which
 * gets the same sine transform from a complex DFT of the odd extension) and Sec. 3.3 (Perez et al.
 * 2003, Eq. (7), solved by Gauss-Seidel with over-relaxation). Double precision throughout.
 * Does not: use an FFT (O(n^2) per line instead of O(n log n)), vectorise, or use threads.
 * Twin: vectorized/.../portrait/PanamaPoisson (same sine products on DoubleVector lanes; CG).
 */
package workbench.portrait.blend;

public final class NaivePoisson implements PoissonOps {
    public static final NaivePoisson INSTANCE = new NaivePoisson();

    /** SOR stops after this many sweeps even if the residual is not reached (it always is for Sec. 3.3's systems). */
    static final int MAX_SWEEPS = 200_000;

    @Override
    public String name() { return "naive"; }

    /** S[k][i] = sin(pi (k + 1)(i + 1) / (n + 1)), the DST-I matrix (symmetric; S S = (n + 1) / 2 I). */
    public static double[] sineMatrix(int n) {
        double[] s = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) s[k * n + i] = Math.sin(Math.PI * (k + 1) * (i + 1) / (n + 1));
        }
        return s;
    }

    @Override
    public double[] solveSpectral(double[] rhs, int nx, int ny, double[] denominator) {
        checkRect(rhs, nx, ny, denominator);
        double[] sx = sineMatrix(nx), sy = sineMatrix(ny);
        // Forward transform: R^ = S_y R S_x (rows, then columns, as OpenCV's two DFT passes).
        double[] hat = multiply(multiply(sy, rhs, ny, ny, nx), sx, ny, nx, nx);
        // Sec. 3.2: each sine mode is an eigenvector of the 5-point operator; divide by its eigenvalue.
        for (int i = 0; i < hat.length; i++) hat[i] /= denominator[i];
        // Inverse transform: the same products, scaled by (2 / (nx + 1)) (2 / (ny + 1)).
        double[] u = multiply(multiply(sy, hat, ny, ny, nx), sx, ny, nx, nx);
        double scale = 4.0 / ((nx + 1.0) * (ny + 1.0));
        for (int i = 0; i < u.length; i++) u[i] *= scale;
        return u;
    }

    /** C = A B with A (n x k) and B (k x m), row-major. */
    static double[] multiply(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) sum += a[i * k + t] * b[t * m + j];
                c[i * m + j] = sum;
            }
        }
        return c;
    }

    static void checkRect(double[] rhs, int nx, int ny, double[] denominator) {
        if (nx <= 0 || ny <= 0 || rhs.length != nx * ny || denominator.length != nx * ny) {
            throw new IllegalArgumentException("solveSpectral: a " + nx + "x" + ny + " grid needs rhs and denominator of "
                    + ((long) nx * ny) + " values, got " + rhs.length + " and " + denominator.length);
        }
    }

    @Override
    public double[] solveMasked(MaskedSystem sys) {
        int w = sys.width(), h = sys.height();
        boolean[] omega = sys.omega();
        double[] f = new double[w * h];
        // Over-relaxation factor of the model problem on the bounding box (Young's optimum for a
        // square of side n): 2 / (1 + sin(pi / (n + 1))). The stopping rule, not this factor, sets the accuracy.
        int n = Math.max(2, extent(omega, w, h));
        double relax = 2.0 / (1.0 + Math.sin(Math.PI / (n + 1)));
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            // One Gauss-Seidel sweep in raster order: solve row p of Eq. (7) for f[p] with the
            // neighbours' newest values, then move by relax times that step.
            for (int p = 0; p < f.length; p++) {
                if (!omega[p]) continue;
                double gaussSeidel = f[p] + sys.residual(f, p) / sys.diagonal()[p];
                f[p] += relax * (gaussSeidel - f[p]);
            }
            if (sweep % 10 == 0 && sys.maxResidual(f) <= sys.residualTolerance()) return f;
        }
        throw new IllegalStateException("SOR did not reach max|residual| <= " + sys.residualTolerance() + " in " + MAX_SWEEPS
                + " sweeps (now " + sys.maxResidual(f) + ")\n  ---> HINT: is a diagonal entry smaller than its neighbour count?");
    }

    /** The larger side of omega's bounding box. */
    static int extent(boolean[] omega, int w, int h) {
        int x0 = w, x1 = -1, y0 = h, y1 = -1;
        for (int p = 0; p < omega.length; p++) {
            if (!omega[p]) continue;
            x0 = Math.min(x0, p % w); x1 = Math.max(x1, p % w);
            y0 = Math.min(y0, p / w); y1 = Math.max(y1, p / w);
        }
        return x1 < 0 ? 1 : Math.max(x1 - x0 + 1, y1 - y0 + 1);
    }
}
