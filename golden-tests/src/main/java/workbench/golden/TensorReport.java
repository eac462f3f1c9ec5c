/*
 * One tensor compared with its reference, reported the way llm.c's validate_result does: a few
 * pairs, the largest difference with its multi-dimensional index, the tolerance, the count of
 * elements out of tolerance, one verdict line, and a hint when the errors have a telling shape.
 */
package workbench.golden;

import java.util.Arrays;
import java.util.Locale;
import workbench.tensor.Tensor;

public record TensorReport(String name, String shape, boolean ok, double maxAbs, double maxRel, int[] worstIndex,
                           long bad, long total, int[] firstBad, Tol tol, String text) {

    public static TensorReport compare(String name, Tensor ref, Tensor got, Tol tol) {
        if (!Arrays.equals(ref.shape(), got.shape())) {
            String text = String.format(Locale.ROOT, "  %s %s\n  TENSOR NOT OK  shape differs: reference %s, ours %s",
                    name, ref.shapeString(), ref.shapeString(), got.shapeString());
            return new TensorReport(name, ref.shapeString(), false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                    new int[0], ref.numel(), ref.numel(), new int[0], tol, text);
        }
        float[] r = ref.data(), g = got.data();
        double scale = Math.max(1.0, ref.maxAbs());
        double maxAbs = 0, maxRel = 0;
        long worst = 0, firstBad = -1, bad = 0;
        long badLastCol = 0, badFirstCol = 0;
        int W = ref.rank() >= 1 ? ref.dim(-1) : 1;
        for (int i = 0; i < r.length; i++) {
            double d = Math.abs((double) g[i] - r[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            if (d > maxAbs || (i == 0 && d == maxAbs)) { maxAbs = d; worst = i; }
            if (r[i] != 0) maxRel = Math.max(maxRel, d / Math.abs(r[i]));
            if (d > tol.bound(r[i], scale)) {
                bad++;
                if (firstBad < 0) firstBad = i;
                if (i % W == W - 1) badLastCol++;
                if (i % W == 0) badFirstCol++;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(name).append(' ').append(ref.shapeString()).append('\n');
        for (long i : new long[] {0, Math.min(1, r.length - 1), worst}) {
            if (r.length == 0) break;
            boolean ok = Math.abs((double) g[(int) i] - r[(int) i]) <= tol.bound(r[(int) i], scale);
            sb.append(String.format(Locale.ROOT, "    %s %-16s ref=% .6f  got=% .6f%n", ok ? "OK " : "BAD",
                    Arrays.toString(ref.index(i)).replace(" ", ""), r[(int) i], g[(int) i]));
        }
        boolean ok = bad == 0;
        int[] worstIdx = r.length == 0 ? new int[0] : ref.index(worst);
        int[] firstIdx = firstBad < 0 ? new int[0] : ref.index(firstBad);
        sb.append(String.format(Locale.ROOT, "  TENSOR %s  max|d|=%.1e at %s  max rel=%.1e  tol=%s  bad=%d/%d",
                ok ? "OK" : "NOT OK", maxAbs, Arrays.toString(worstIdx).replace(" ", ""), maxRel, tol, bad, r.length));
        if (!ok) {
            sb.append(" (first bad at ").append(Arrays.toString(firstIdx).replace(" ", "")).append(')');
            String hint = hint(bad, badLastCol, badFirstCol, r.length, W);
            if (hint != null) sb.append("\n  ---> HINT: ").append(hint);
        }
        return new TensorReport(name, ref.shapeString(), ok, maxAbs, maxRel, worstIdx, bad, r.length, firstIdx, tol, sb.toString());
    }

    private static String hint(long bad, long lastCol, long firstCol, long total, int W) {
        if (W > 2 && lastCol * 2 > bad) return "errors concentrated on the last column: check padding/stride of the right border.";
        if (W > 2 && firstCol * 2 > bad) return "errors concentrated on the first column: check left padding.";
        if (bad * 10 > total * 9) return "almost every element is off: check BN statistics (eval mode), the weights loaded, or the layout.";
        return null;
    }
}
