/*
 * Pooling on NHWC buffers: lanes hold L consecutive channels of one pixel, so every window tap is
 * one contiguous vector load and no transposition is needed.
 * Twins: NaiveKernels.maxPool2d (taps outside the input are skipped, i.e. -inf padding) and
 * NaiveKernels.adaptiveAvgPool2d to (1, 1).
 */
package workbench.vectorized.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import workbench.kernels.Pool2dSpec;

final class PoolKernel {
    private PoolKernel() {}

    private static final int L = ConvKernel.L;

    /** Max pooling of output rows [from, to) (row = n * Ho + oy); channels Cp, a multiple of L. */
    static void maxPool(Pool2dSpec s, Nhwc in, Nhwc out, int from, int to) {
        for (int r = from; r < to; r++) {
            int n = r / out.H, oy = r % out.H;
            int y0 = oy * s.strideH() - s.padH();
            int ya = Math.max(y0, 0), yb = Math.min(y0 + s.kh(), in.H);
            for (int ox = 0; ox < out.W; ox++) {
                int x0 = ox * s.strideW() - s.padW();
                int xa = Math.max(x0, 0), xb = Math.min(x0 + s.kw(), in.W);
                int o = out.index(n, oy, ox);
                for (int c = 0; c < in.Cp; c += L) {
                    FloatVector m = FloatVector.broadcast(ConvKernel.S, Float.NEGATIVE_INFINITY);
                    for (int y = ya; y < yb; y++)
                        for (int x = xa; x < xb; x++) m = m.max(FloatVector.fromArray(ConvKernel.S, in.data, in.index(n, y, x) + c));
                    m.intoArray(out.data, o + c);
                }
            }
        }
    }

    /** Global average pooling: (N, H, W, Cp) -> (N, C) means, summing in float32 as VectorKernels does. */
    static float[][] globalAverage(Nhwc in) {
        float[][] out = new float[in.N][in.C];
        float[] acc = new float[in.Cp];
        for (int n = 0; n < in.N; n++) {
            java.util.Arrays.fill(acc, 0f);
            for (int y = 0; y < in.H; y++)
                for (int x = 0; x < in.W; x++) {
                    int i = in.index(n, y, x);
                    for (int c = 0; c < in.Cp; c += L) {
                        FloatVector.fromArray(ConvKernel.S, acc, c).add(FloatVector.fromArray(ConvKernel.S, in.data, i + c)).intoArray(acc, c);
                    }
                }
            float count = in.H * in.W;
            for (int c = 0; c < in.C; c++) out[n][c] = acc[c] / count;
        }
        return out;
    }

    static float sum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }
}
