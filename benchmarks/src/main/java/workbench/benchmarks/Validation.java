/* Benchmarks time only results that agree with the naive twin. */
package workbench.benchmarks;

import workbench.tensor.Tensor;

final class Validation {
    private Validation() {}

    static void check(String what, Tensor got, Tensor ref) {
        double tol = 1e-4 * Math.max(1, ref.maxAbs());
        double d = got.maxAbsDiff(ref);
        if (!(d <= tol)) throw new IllegalStateException(what + ": differs from the naive twin by " + d + " (> " + tol + ")");
    }
}
