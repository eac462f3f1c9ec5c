/*
 * Scratch layout shared by conv2d version 1 and the two fixed-window pools: one (H, W) input plane
 * copied into a padded plane whose rows are split by stride phase, so that a window tap at padded
 * column ox*stride + t becomes one contiguous run over ox.
 *
 * Row layout for stride s (s = 1 leaves the row as it is):
 *   padded column xp lives at  (xp % s) * T + xp / s,   T = ceil(Wp / s)
 *   i.e. the row holds phase 0 (xp = 0, s, 2s, ...), then phase 1, ..., each T long.
 *   For output column ox and a tap starting at padded column t0, the value sits at
 *   colOffset(t0) + ox: consecutive ox are consecutive floats, whatever the stride.
 * Rows above and below the input and columns left and right of it hold the padding value
 * (0 for conv and avg pool, -inf for max pool), so the hot loops have no bounds tests.
 *
 * The copy itself is scalar: it is a strided gather done once per plane, O(H*W), against
 * O(Ho*Wo*taps) vector work that reads it. Buffers from allocate() carry one vector of slack at
 * the end so the last, partly used output block can load full vectors (its extra lanes are
 * computed and then dropped by a masked store).
 * Users: VectorConv2d (version 1), VectorKernels.maxPool2d / avgPool2d.
 */
package workbench.vectorized;

import java.util.Arrays;

final class PaddedPlanes {
    /** Padded plane size and the column stride that sets the phase split. */
    final int Hp, Wp, stride;
    /** Length of one phase, length of one row (stride * T >= Wp), length of one plane. */
    final int T, rowLen, planeLen;

    PaddedPlanes(int Hp, int Wp, int stride) {
        this.Hp = Hp;
        this.Wp = Wp;
        this.stride = stride;
        this.T = Math.ceilDiv(Wp, stride);
        this.rowLen = stride * T;
        this.planeLen = Math.multiplyExact(Hp, rowLen);
    }

    /** Offset inside a row of padded column xp. */
    int colOffset(int xp) {
        return (xp % stride) * T + xp / stride;
    }

    /** A buffer for {@code planes} planes plus {@code slack} floats (one vector) at the end. */
    float[] allocate(int planes, int slack) {
        return new float[Math.addExact(Math.multiplyExact(planes, planeLen), slack)];
    }

    /**
     * Copies the (H, W) plane at src[srcOff ..] into dst[dstOff ..] with padTop rows and padLeft
     * columns of {@code fill} before it and fill everywhere else outside it.
     */
    void fill(float[] src, int srcOff, int H, int W, int padTop, int padLeft, float fill, float[] dst, int dstOff) {
        Arrays.fill(dst, dstOff, dstOff + planeLen, fill);
        for (int y = 0; y < H; y++) {
            int s = srcOff + y * W;
            int d = dstOff + (y + padTop) * rowLen;
            if (stride == 1) {
                System.arraycopy(src, s, dst, d + padLeft, W);
                continue;
            }
            for (int x = 0; x < W; x++) dst[d + colOffset(x + padLeft)] = src[s + x];
        }
    }
}
