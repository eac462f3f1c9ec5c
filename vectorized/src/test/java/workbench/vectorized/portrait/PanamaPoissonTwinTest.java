/*
 * PanamaPoisson against its naive twin NaivePoisson at the JVM's species width (the preferred one,
 * or -Dwb.poisson.bits): the DST solve on grid sizes that are and are not multiples of the lane count (1x1 included),
 * and the masked 5-point system on random regions (SOR there, CG here: compared through the
 * solution, both held to the same residual).
 */
package workbench.vectorized.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import workbench.portrait.blend.NaivePoisson;
import workbench.portrait.blend.PoissonOps;

class PanamaPoissonTwinTest {
    /** Same products in the same order per column; FMA vs separate multiply and add: a few ulps of values ~1e3. */
    static final double SPECTRAL_ATOL = 1e-9;
    /** Both solvers stop at max|residual| <= 1e-9; the solution error is at most that times ||A^-1|| (~n^2 / 10). */
    static final double MASKED_ATOL = 1e-6;

    /**
     * The twin at this JVM's width. PanamaPoisson's species is static final (C2 folds only
     * constants), so another width is another JVM: mvn ... -Dwb.test.argLine=-Dwb.poisson.bits=128.
     */
    static List<PanamaPoisson> twins() {
        return List.of(new PanamaPoisson());
    }

    @Test
    void panama_dst_solve_matches_naive_for_every_species_and_odd_sizes() {
        Random rnd = new Random(5);
        int[][] sizes = {{1, 1}, {3, 5}, {7, 13}, {17, 4}, {33, 9}};
        for (PanamaPoisson twin : twins()) {
            double worst = 0;
            for (int[] s : sizes) {
                int nx = s[0], ny = s[1];
                double[] rhs = new double[nx * ny], den = new double[nx * ny];
                for (int i = 0; i < rhs.length; i++) {
                    rhs[i] = rnd.nextGaussian() * 100;
                    den[i] = -0.1 - 8 * rnd.nextDouble();
                }
                double[] ref = NaivePoisson.INSTANCE.solveSpectral(rhs, nx, ny, den);
                double[] got = twin.solveSpectral(rhs, nx, ny, den);
                for (int i = 0; i < ref.length; i++) {
                    double d = Math.abs(ref[i] - got[i]);
                    worst = Math.max(worst, d);
                    assertThat(d).as("%s solveSpectral %dx%d at (%d, %d): ref %.12f got %.12f", twin.name(), nx, ny, i % nx, i / nx, ref[i], got[i])
                            .isLessThanOrEqualTo(SPECTRAL_ATOL);
                }
            }
            System.out.printf("[twin] %s solveSpectral max|d| = %.2e (tol %.0e)%n", twin.name(), worst, SPECTRAL_ATOL);
        }
    }

    @Test
    void panama_masked_solve_matches_naive_for_every_species() {
        Random rnd = new Random(9);
        for (PanamaPoisson twin : twins()) {
            double worst = 0;
            for (int[] s : new int[][] {{5, 3}, {23, 17}, {40, 31}}) {
                int w = s[0], h = s[1];
                boolean[] omega = new boolean[w * h];
                double[] diag = new double[w * h], b = new double[w * h];
                double cx = w / 2.0, cy = h / 2.0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        // an ellipse that reaches the bottom edge, plus random holes
                        omega[p] = Math.pow((x - cx) / (w / 2.5), 2) + Math.pow((y - cy) / (h / 2.0), 2) <= 1 && rnd.nextDouble() > 0.05;
                    }
                }
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        if (!omega[p]) continue;
                        diag[p] = (x > 0 ? 1 : 0) + (x < w - 1 ? 1 : 0) + (y > 0 ? 1 : 0) + (y < h - 1 ? 1 : 0);
                        b[p] = rnd.nextGaussian() * 50 + 100;
                    }
                }
                var sys = new PoissonOps.MaskedSystem(w, h, omega, diag, b, 1e-9);
                double[] ref = NaivePoisson.INSTANCE.solveMasked(sys);
                double[] got = twin.solveMasked(sys);
                assertThat(sys.maxResidual(got)).as(twin.name() + " residual").isLessThanOrEqualTo(1e-9);
                for (int p = 0; p < ref.length; p++) {
                    worst = Math.max(worst, Math.abs(ref[p] - got[p]));
                    assertThat(Math.abs(ref[p] - got[p])).as("%s solveMasked %dx%d at (%d, %d)", twin.name(), w, h, p % w, p / w)
                            .isLessThanOrEqualTo(MASKED_ATOL);
                }
            }
            System.out.printf("[twin] %s solveMasked max|d| = %.2e (tol %.0e)%n", twin.name(), worst, MASKED_ATOL);
        }
    }
}
