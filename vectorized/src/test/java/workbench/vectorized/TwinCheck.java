/*
 * Comparison of a VectorKernels result against its NaiveKernels reference, reported the llm.c way:
 * the case, a verdict line with max|d| and its (n, c, h, w) index, the tolerance used and the
 * mismatch count; the assertion fails with the same text.
 * Tolerances are named constants with a reason; see TWIN_F32 for how long reductions are scaled.
 * Also keeps the largest difference seen per operation, printed once by the twin test class.
 */
package workbench.vectorized;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import workbench.tensor.Tensor;

final class TwinCheck {
    private TwinCheck() {}

    /** |got - ref| <= atol + rtol * |ref|  (llm.c dev/cuda validate_result form). exact: compare bits. */
    record Tol(double atol, double rtol, boolean exact, String why) {
        double allowed(double ref) { return atol + rtol * Math.abs(ref); }

        /**
         * The same tolerance for a sum of {@code terms} products of unit-variance values. Such a sum
         * has magnitude ~sqrt(terms), and fp32 rounding error grows with the partial sums, so the
         * absolute floor (which is what matters where the sum cancels to near 0) scales with
         * sqrt(terms); the relative part already follows |ref|.
         */
        Tol forReduction(int terms) {
            double f = Math.sqrt(Math.max(1, terms));
            return new Tol(atol * f, rtol, exact, why + "; abs part x sqrt(" + terms + ")");
        }

        @Override public String toString() {
            return exact ? "bit-identical" : String.format("%.1e+%.1e*|ref|", atol, rtol);
        }
    }

    /** Same float operations in the same order as naive: every bit must match. */
    static final Tol EXACT = new Tol(0, 0, true, "same float ops in the same order");

    /** conv2d, linear: fp32 FMA accumulation against naive's double sum; use forReduction(length). */
    static final Tol TWIN_F32 = new Tol(1e-5, 1e-5, false, "fp32 FMA sums vs naive's double sums");

    /** avg pools: at most a few hundred fp32 adds, then a float division; the mean divides the error down. */
    static final Tol POOL_F32 = new Tol(1e-6, 1e-6, false, "fp32 window sums + float division vs double");

    /** Largest |d| and largest |d| / allowed seen per operation (for the summary line). */
    private static final Map<String, double[]> WORST = new TreeMap<>();

    static synchronized String summary() {
        StringBuilder sb = new StringBuilder();
        WORST.forEach((op, v) -> sb.append(String.format("  %-20s max|d|=%.2e  max|d|/allowed=%.3f  tensors=%d%n",
                op, v[0], v[1], (long) v[2])));
        return sb.toString();
    }

    private static synchronized void record(String op, double maxAbs, double ratio) {
        double[] v = WORST.computeIfAbsent(op, k -> new double[3]);
        v[0] = Math.max(v[0], maxAbs);
        v[1] = Math.max(v[1], ratio);
        v[2]++;
    }

    /** Asserts got matches ref within tol; the failure text names the case and the worst index. */
    static void assertTwin(String op, String caseName, Tensor ref, Tensor got, Tol tol) {
        String head = "[twin " + op + "] " + caseName;
        assertThat(got.shape()).as(head + ": output shape").isEqualTo(ref.shape());
        float[] r = ref.data(), g = got.data();
        double maxAbs = 0, maxRatio = 0;
        int worst = -1, firstBad = -1, bad = 0;
        for (int i = 0; i < r.length; i++) {
            boolean ok;
            double d;
            if (tol.exact()) {
                ok = Float.floatToIntBits(r[i]) == Float.floatToIntBits(g[i]);
                d = ok ? 0 : (Float.isNaN(r[i]) || Float.isNaN(g[i]) ? Double.POSITIVE_INFINITY : Math.abs((double) g[i] - r[i]));
                if (!ok && d == 0) d = Double.MIN_VALUE;     // +0.0 vs -0.0: still a mismatch
            } else {
                d = Math.abs((double) g[i] - r[i]);
                if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
                ok = d <= tol.allowed(r[i]);
                maxRatio = Math.max(maxRatio, d / tol.allowed(r[i]));
            }
            if (worst < 0 || d > maxAbs) {
                maxAbs = d;
                worst = i;
            }
            if (!ok) {
                bad++;
                if (firstBad < 0) firstBad = i;
            }
        }
        record(op, maxAbs, maxRatio);
        if (r.length == 0) return;
        StringBuilder msg = new StringBuilder(head).append('\n');
        msg.append(String.format("  %s  max|d|=%.2e at %s ref=%s got=%s  tol=%s  bad=%d/%d",
                bad == 0 ? "TENSOR OK" : "TENSOR NOT OK", maxAbs, idx(ref, worst), r[worst], g[worst], tol, bad, r.length));
        if (bad > 0) msg.append(" (first bad at ").append(idx(ref, firstBad)).append(')');
        if (bad > 0) msg.append(hint(ref, r, g, tol));
        assertThat(bad).withFailMessage(msg.toString()).isZero();
    }

    private static String idx(Tensor t, int flat) {
        return Arrays.toString(t.index(flat)).replace(" ", "");
    }

    /** Points at the border when every mismatch sits in the last column or row (padding/stride bugs). */
    private static String hint(Tensor ref, float[] r, float[] g, Tol tol) {
        if (ref.rank() != 4) return "";
        int W = ref.dim(3), H = ref.dim(2);
        boolean allLastCol = true, allLastRow = true;
        for (int i = 0; i < r.length; i++) {
            boolean ok = tol.exact() ? Float.floatToIntBits(r[i]) == Float.floatToIntBits(g[i])
                    : Math.abs((double) g[i] - r[i]) <= tol.allowed(r[i]);
            if (ok) continue;
            int[] ix = ref.index(i);
            allLastCol &= ix[3] == W - 1;
            allLastRow &= ix[2] == H - 1;
        }
        if (allLastCol) return "\n  ---> HINT: errors only in the last column: check the tail mask or right padding/stride.";
        if (allLastRow) return "\n  ---> HINT: errors only in the last row: check bottom padding or ceil_mode.";
        return "";
    }
}
