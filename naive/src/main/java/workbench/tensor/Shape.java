/*
 * Shape helpers: element counts, printing as torch does ("(1, 64, 56, 56)"), and checks whose
 * error messages name both shapes.
 */
package workbench.tensor;

import java.util.Arrays;
import java.util.StringJoiner;

public final class Shape {
    private Shape() {}

    public static long numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        return n;
    }

    /** "(1, 64, 56, 56)"; a scalar prints as "()". */
    public static String str(int... shape) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : shape) j.add(Integer.toString(d));
        return j.toString();
    }

    public static void requireSame(String what, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(what + ": shapes differ: " + a.shapeString() + " vs " + b.shapeString());
        }
    }

    public static void requireRank(String what, Tensor t, int rank, String letters) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + ": expected a rank-" + rank + " tensor " + letters
                    + ", got " + t.shapeString());
        }
    }
}
