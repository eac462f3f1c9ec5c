/*
 * conv2d version 3 (the direct NHWC kernel behind VectorKernels.conv2d) against NaiveKernels on the
 * shapes that take it: groups = 1 and grouped convolutions with enough channels per group, strides,
 * dilations, rectangular kernels and padding, batch 2, outputs whose pixel count is not a multiple
 * of the 6-pixel tile, and planes smaller than one tile (1, 2 and 4 pixels: SSD's last maps).
 */
package workbench.vectorized.fast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

class DirectConvTest {
    /** fp32 FMA sums against naive double sums over C/G*kh*kw terms of unit-variance products. */
    static double tol(int terms, Tensor ref) {
        return 1e-5 * Math.sqrt(terms) * Math.max(1, ref.maxAbs());
    }

    @ParameterizedTest(name = "N={0} C={1} K={2} {3}x{4} kh={5} kw={6} s={7} p={8} d={9} g={10}")
    @CsvSource({
        "1, 16, 32, 13, 17, 3, 3, 1, 1, 1, 1",
        "2, 32, 64, 11, 9, 3, 3, 2, 1, 1, 2",
        "1, 64, 64, 12, 12, 3, 3, 1, 2, 2, 4",
        "1, 24, 40, 10, 10, 1, 3, 1, 1, 1, 1",
        "1, 8, 17, 20, 7, 5, 5, 3, 2, 1, 1",
        "1, 3, 16, 33, 31, 7, 7, 2, 3, 1, 1",
        "2, 48, 96, 7, 7, 1, 1, 1, 0, 1, 3",
        "1, 32, 48, 3, 3, 3, 3, 1, 0, 1, 1",
        "1, 16, 16, 2, 2, 3, 3, 1, 1, 1, 1",
        "2, 16, 40, 1, 1, 3, 3, 1, 1, 1, 1",
        "1, 24, 16, 5, 5, 3, 3, 2, 1, 1, 1",
    })
    void direct_conv_equals_naive(int n, int c, int k, int h, int w, int kh, int kw, int s, int p, int d, int g) {
        Tensor x = Tensor.randn(3, n, c, h, w);
        Tensor wt = Tensor.randn(4, k, c / g, kh, kw);
        Tensor b = Tensor.randn(5, k);
        Conv2dSpec spec = Conv2dSpec.of(s, p, d, g);
        Tensor ref = NaiveKernels.INSTANCE.conv2d(x, wt, b, spec);
        Tensor got = new VectorKernels(VectorKernels.PREFERRED, VectorKernels.ConvVersion.NHWC_DIRECT).conv2d(x, wt, b, spec);
        assertThat(got.shape()).containsExactly(ref.shape());
        assertThat((double) got.maxAbsDiff(ref)).isLessThanOrEqualTo(tol(c / g * kh * kw, ref));
    }
}
