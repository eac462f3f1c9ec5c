/*
 * An activation buffer of the fast path: NHWC, channels padded to a multiple of the channel block
 * (Cp), and a zero border of `pad` pixels on every side so a convolution reading it needs no
 * bounds checks ("built-in padding": the producer writes only the interior).
 *   index(n, y, x) = ((n * Hp + y + pad) * Wp + x + pad) * Cp,   Hp = H + 2 pad, Wp = W + 2 pad
 * y and x are interior coordinates; -pad .. H+pad-1 are legal. The border and the padded channels
 * stay zero for the buffer's life, so it is allocated once per input shape and reused.
 * Naive twin: a plain NCHW Tensor (toNchw / fromNchw convert, for traces and tests).
 */
package workbench.vectorized.fast;

import workbench.tensor.Tensor;

public final class Nhwc {
    public final int N, H, W, C, Cp, pad, Hp, Wp;
    public final float[] data;

    public Nhwc(int N, int H, int W, int C, int Cp, int pad) {
        if (Cp < C) throw new IllegalArgumentException("padded channels " + Cp + " < channels " + C);
        this.N = N;
        this.H = H;
        this.W = W;
        this.C = C;
        this.Cp = Cp;
        this.pad = pad;
        this.Hp = H + 2 * pad;
        this.Wp = W + 2 * pad;
        this.data = new float[Math.toIntExact((long) N * Hp * Wp * Cp)];
    }

    /** Offset of channel 0 of interior pixel (y, x) of image n. */
    public int index(int n, int y, int x) {
        return ((n * Hp + y + pad) * Wp + x + pad) * Cp;
    }

    /** Writes an NCHW tensor into the interior (channels beyond C stay zero). */
    public void fill(Tensor x) {
        if (x.rank() != 4 || x.dim(0) != N || x.dim(1) != C || x.dim(2) != H || x.dim(3) != W) {
            throw new IllegalArgumentException("expected input (" + N + ", " + C + ", " + H + ", " + W + "), got " + x.shapeString());
        }
        float[] s = x.data();
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int y = 0; y < H; y++) {
                    int src = ((n * C + c) * H + y) * W, dst = index(n, y, 0) + c;
                    for (int xx = 0; xx < W; xx++) data[dst + xx * Cp] = s[src + xx];
                }
    }

    /** The interior as an NCHW tensor of the real channels. */
    public Tensor toNchw() {
        Tensor t = Tensor.zeros(N, C, H, W);
        float[] d = t.data();
        for (int n = 0; n < N; n++)
            for (int y = 0; y < H; y++)
                for (int xx = 0; xx < W; xx++) {
                    int src = index(n, y, xx);
                    for (int c = 0; c < C; c++) d[((n * C + c) * H + y) * W + xx] = data[src + c];
                }
        return t;
    }
}
