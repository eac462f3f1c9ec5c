/*
 * The named tolerances of the golden tests. Each says why it is as large as it is; none was
 * widened to make a test pass.
 */
package workbench.golden;

public final class GoldenTolerances {
    private GoldenTolerances() {}

    /** Convolutional nets in float32 against PyTorch on the CPU. */
    public static final Tol CONV_F32 = new Tol(1e-4, 0, true,
            "float32, reductions of up to 3x3x512 terms; summation order differs from PyTorch's oneDNN/ATen kernels");

    /**
     * Re-parameterization (RepVGG, DBB, ACNet) in float32 against the official PyTorch code: outputs
     * of size 1..10, fused kernels and biases. The official train vs deploy outputs differ by up to
     * 2.6e-6 among themselves and a different summation order costs about as much again
     * (shared/golden/README.md, "Observed tolerances").
     */
    public static final Tol REPARAM_F32 = new Tol(2e-5, 0, false,
            "float32 branch sums and BN folds; official train vs deploy differ by up to 2.6e-6, summation order differs");
}
