/*
 * VectorSpectralOps vs NaiveSpectralOps on random signals and matrices, including sizes that are
 * not multiples of the lane count (tails), size 1, and signals shorter than one window.
 * Both compute in float64; they differ only by fma and sqrt(re^2 + im^2) vs hypot.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workbench.vectorized.vggish.VectorSpectralOps;
import workbench.vggish.DoubleMatrix;
import workbench.vggish.NaiveSpectralOps;

class VggishTwinTest {
    /** float64 twins: a few ulps per operation, relative to the largest value of the result. */
    static final double TWIN_F64 = 1e-12;

    static final NaiveSpectralOps NAIVE = NaiveSpectralOps.INSTANCE;
    static final VectorSpectralOps PANAMA = new VectorSpectralOps();

    private static double[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble() * 2 - 1;
        return x;
    }

    private static void assertClose(String what, DoubleMatrix a, DoubleMatrix b) {
        assertThat(b.rows()).as(what + " rows").isEqualTo(a.rows());
        assertThat(b.cols()).as(what + " cols").isEqualTo(a.cols());
        double scale = 1e-300, worst = 0;
        for (double v : a.data()) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.data().length; i++) worst = Math.max(worst, Math.abs(a.data()[i] - b.data()[i]));
        assertThat(worst / scale).as(what + ": max|d| / max|ref|").isLessThanOrEqualTo(TWIN_F64);
    }

    @Test
    void panama_stft_matches_naive_for_windows_hops_and_ffts_with_tails() {
        int[][] cases = {{512, 160, 400}, {64, 20, 50}, {32, 7, 25}, {1024, 333, 1000}, {8, 1, 3}, {2, 1, 1}, {1, 1, 1}, {16, 5, 16}};
        for (int[] c : cases) {
            for (int n : new int[] {0, c[2] - 1, c[2], c[2] + c[1], 3 * c[2] + 11}) {
                double[] x = random(31L * n + c[0], Math.max(0, n));
                assertClose("fft " + c[0] + " hop " + c[1] + " window " + c[2] + " n " + n,
                        NAIVE.stftMagnitude(x, c[0], c[1], c[2]), PANAMA.stftMagnitude(x, c[0], c[1], c[2]));
            }
        }
    }

    @Test
    void panama_matmul_matches_naive_for_sizes_with_tails_and_size_one() {
        int[][] sizes = {{1, 1, 1}, {3, 257, 64}, {5, 7, 13}, {2, 9, 1}, {4, 1, 17}, {308, 257, 64}};
        for (int[] s : sizes) {
            DoubleMatrix a = new DoubleMatrix(s[0], s[1], random(s[0] * 7L, s[0] * s[1]));
            DoubleMatrix b = new DoubleMatrix(s[1], s[2], random(s[2] * 11L, s[1] * s[2]));
            assertClose("matmul " + s[0] + "x" + s[1] + " . " + s[1] + "x" + s[2], NAIVE.matmul(a, b), PANAMA.matmul(a, b));
        }
    }

    @Test
    void a_window_longer_than_the_fft_is_refused_by_both_twins_with_the_same_message() {
        double[] x = random(1, 100);
        String naive = message(() -> NAIVE.stftMagnitude(x, 32, 10, 40)), panama = message(() -> PANAMA.stftMagnitude(x, 32, 10, 40));
        assertThat(naive).contains("40 samples").contains("32").isEqualTo(panama);
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return "no exception";
    }
}
