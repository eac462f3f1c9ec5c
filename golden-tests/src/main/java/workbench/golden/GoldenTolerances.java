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
}
