/*
 * The fast convolution: direct (no im2col) on NHWC buffers with built-in padding, BN folded into
 * pre-packed weights, and bias + residual add + ReLU fused into the epilogue.
 * Twin: naive NaiveKernels.conv2d (+ batchNorm, add, relu), which this equals within fp32
 * summation-order error (GoldenTolerances.CONV_F32 against torchvision; FastTwinTest against naive).
 *
 * Loop structure, for one work item (output-channel block kb, tile t):
 *   the tile is 6 consecutive output pixels of the flattened (n, oy, ox) order, so a tile may wrap
 *   to the next row: each pixel carries its own input, output and residual offsets.
 *     12 accumulators: 6 pixels x 2 vectors (KB = 2 L output channels of block kb)
 *     for k < kh * kw * C   (one flat loop over the taps (i, j) and channels c):
 *       load the two weight vectors w[kb][k][0 .. KB)                 (contiguous, packed once)
 *       for each pixel p: broadcast x[base[p] + offsets[k]] and FMA into acc[p][0..1]
 * Why flat: nesting the channel loop inside loops over i and j cost more than half the speed here
 * (C2 stops keeping the twelve accumulators in registers across the outer loops: 33 vs 67-85
 * GFLOP/s for the same micro-kernel in isolation), so the taps become a table of input offsets.
 * Faster still, rows6: when the input has no padded channels and no horizontal dilation, the kw
 * taps of kernel row i and all channels are kw * C consecutive floats of the input (NHWC) and of
 * the packed weights, so the reduction is at most three sequential loops (one per kernel row,
 * kh <= 3) whose indices are linear in the loop counter - the JIT then hoists every bounds check
 * (87 vs 67 GFLOP/s in isolation). tile6's offset table serves the rest (the 7x7 stem, dilated
 * widths, padded channels).
 *     epilogue per pixel: + bias, (+ residual), (max 0), store KB channels into the output buffer
 * Register budget: 12 accumulators + 2 weights + 1 broadcast = 15 of AVX2's 16 ymm (AVX-512 has 32:
 * a wider tile would fit there, at the cost of a second hot method to warm up).
 * Tails: the last tile of a plane starts at P - 6 (P = N Ho Wo) and recomputes a few pixels
 * (identical values, so writing them twice is harmless), which keeps every output going through
 * the same hot method (notes: a rarely called tail kernel stays interpreted); a plane of fewer than
 * 6 pixels (SSD's 3x3 and 1x1 maps) fills its one tile by repeating its last pixel. A separate
 * one-pixel kernel for those planes was a branch the priming passes rarely took, and a branch C2
 * has not seen taken sends the whole compiled method back to the interpreter when it is.
 * Output channels are padded to KB with zero weights and zero bias, so padded channels stay zero.
 */
package workbench.vectorized.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

public final class ConvKernel {
    private ConvKernel() {}

    /** Kept static final so C2 folds the lane count into every index (notes: performance.md, item 1). */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Output channels per block: two vectors. */
    public static final int KB = 2 * L;
    static final int TILE = 6;

    public static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /**
     * Bytes of packed weights a group of output-channel blocks may take (64 KiB): thin 1x1 convs
     * share each input tile across their blocks; a 3x3 block is larger than that, so it runs alone
     * over all tiles, which measured faster here (-Dwb.fast.groupBytes=N to experiment).
     */
    static final int GROUP_BYTES = Integer.getInteger("wb.fast.groupBytes", 64 * 1024);

    /** Output-channel blocks processed together on one input tile (their weights stay in L2). */
    static int group(PackedConv p) {
        int blockBytes = p.kh * p.kw * p.C * KB * Float.BYTES;
        return Math.max(1, Math.min(p.Kp / KB, GROUP_BYTES / Math.max(1, blockBytes)));
    }

    /** Tiles of 6 pixels covering the output plane (N Ho Wo pixels). */
    static int tiles(Nhwc out) {
        return (out.N * out.H * out.W + TILE - 1) / TILE;
    }

    /** Work items of one conv: output-channel blocks x tiles of the output plane. */
    static int items(PackedConv p, Nhwc out) {
        return (p.Kp / KB) * tiles(out);
    }

    /**
     * Runs work items [from, to). Order: groups of G output-channel blocks, then tiles, then the
     * blocks of the group, so an input tile is reused G times from L1 while the group's weights
     * stay in L2: item = (g * tiles + t) * G + b (the last group may be smaller).
     */
    static void run(PackedConv p, Nhwc in, Nhwc out, Nhwc res, boolean relu, int from, int to) {
        int pixels = out.N * out.H * out.W, plane = out.H * out.W;
        int tiles = tiles(out), blocks = p.Kp / KB, G = group(p);
        int[] offsets = p.offsets(in);
        boolean rows = rowsApply(p, in);
        int len = p.kw * p.C, rowStep = p.spec.dilationH() * in.Wp * in.Cp;
        int[] xb = new int[TILE], ob = new int[TILE], rb = new int[TILE];
        float[] resData = res == null ? null : res.data;
        int lastTile = -1;
        for (int item = from; item < to; item++) {
            int g = item / (tiles * G), rest = item - g * tiles * G;
            int groupSize = Math.min(G, blocks - g * G);
            int t = rest / groupSize, kb = g * G + rest % groupSize;
            if (t >= tiles) continue;                     // items past the end of a short last group
            int first = Math.max(0, Math.min(t * TILE, pixels - TILE));
            if (t != lastTile) {
                for (int q = 0; q < TILE; q++) {
                    int pix = Math.min(first + q, pixels - 1), n = pix / plane, oy = pix % plane / out.W, ox = pix % out.W;
                    xb[q] = in.index(n, oy * p.spec.strideH() - p.spec.padH(), ox * p.spec.strideW() - p.spec.padW());
                    ob[q] = out.index(n, oy, ox);
                    rb[q] = res == null ? 0 : res.index(n, oy, ox);
                }
                lastTile = t;
            }
            int wBase = kb * offsets.length * KB, c0 = kb * KB;
            if (rows) rows6(in.data, xb, p.kh, len, rowStep, p.weights, wBase, out.data, ob, c0, p.bias, resData, rb, relu);
            else tile6(in.data, xb, offsets, p.weights, wBase, out.data, ob, c0, p.bias, resData, rb, relu);
        }
    }

    /** rows6 applies: at most 3 kernel rows, each a contiguous run of kw * C input floats. */
    static boolean rowsApply(PackedConv p, Nhwc in) {
        return p.kh <= 3 && in.Cp == p.C && (p.kw == 1 || p.spec.dilationW() == 1);
    }

    /**
     * Six output pixels x KB channels, the reduction as up to three sequential linear loops, one
     * per kernel row i: input x[base[p] + i * rowStep + m], weights w[wBase + (i * len + m) * KB],
     * m < len = kw * C. Same accumulators, epilogue and results as tile6.
     */
    static void rows6(float[] x, int[] xb, int kh, int len, int rowStep, float[] w, int wBase,
                      float[] out, int[] ob, int c0, float[] bias, float[] res, int[] rb, boolean relu) {
        int bBase = c0;
        int x0 = xb[0], x1 = xb[1], x2 = xb[2], x3 = xb[3], x4 = xb[4], x5 = xb[5];
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S);
        FloatVector a40 = FloatVector.zero(S), a41 = FloatVector.zero(S);
        FloatVector a50 = FloatVector.zero(S), a51 = FloatVector.zero(S);
        // kernel row 0
        for (int m = 0; m < len; m++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wBase + m * KB);
            FloatVector w1 = FloatVector.fromArray(S, w, wBase + m * KB + L);
            FloatVector b = FloatVector.broadcast(S, x[x0 + m]);
            a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
            b = FloatVector.broadcast(S, x[x1 + m]);
            a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
            b = FloatVector.broadcast(S, x[x2 + m]);
            a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
            b = FloatVector.broadcast(S, x[x3 + m]);
            a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
            b = FloatVector.broadcast(S, x[x4 + m]);
            a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
            b = FloatVector.broadcast(S, x[x5 + m]);
            a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
        }
        // kernel row 1: the same loop, one input row down, the next len weights
        if (kh > 1) {
            int y0 = x0 + rowStep, y1 = x1 + rowStep, y2 = x2 + rowStep, y3 = x3 + rowStep, y4 = x4 + rowStep, y5 = x5 + rowStep;
            int wb = wBase + len * KB;
            for (int m = 0; m < len; m++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wb + m * KB);
                FloatVector w1 = FloatVector.fromArray(S, w, wb + m * KB + L);
                FloatVector b = FloatVector.broadcast(S, x[y0 + m]);
                a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
                b = FloatVector.broadcast(S, x[y1 + m]);
                a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
                b = FloatVector.broadcast(S, x[y2 + m]);
                a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
                b = FloatVector.broadcast(S, x[y3 + m]);
                a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
                b = FloatVector.broadcast(S, x[y4 + m]);
                a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
                b = FloatVector.broadcast(S, x[y5 + m]);
                a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
            }
        }
        // kernel row 2
        if (kh > 2) {
            int r2 = 2 * rowStep;
            int y0 = x0 + r2, y1 = x1 + r2, y2 = x2 + r2, y3 = x3 + r2, y4 = x4 + r2, y5 = x5 + r2;
            int wb = wBase + 2 * len * KB;
            for (int m = 0; m < len; m++) {
                FloatVector w0 = FloatVector.fromArray(S, w, wb + m * KB);
                FloatVector w1 = FloatVector.fromArray(S, w, wb + m * KB + L);
                FloatVector b = FloatVector.broadcast(S, x[y0 + m]);
                a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
                b = FloatVector.broadcast(S, x[y1 + m]);
                a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
                b = FloatVector.broadcast(S, x[y2 + m]);
                a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
                b = FloatVector.broadcast(S, x[y3 + m]);
                a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
                b = FloatVector.broadcast(S, x[y4 + m]);
                a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
                b = FloatVector.broadcast(S, x[y5 + m]);
                a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
            }
        }
        // Epilogue, written out per pixel: a call taking vectors as arguments would box them.
        FloatVector b0 = FloatVector.fromArray(S, bias, bBase), b1 = FloatVector.fromArray(S, bias, bBase + L);
        a00 = a00.add(b0); a01 = a01.add(b1); a10 = a10.add(b0); a11 = a11.add(b1);
        a20 = a20.add(b0); a21 = a21.add(b1); a30 = a30.add(b0); a31 = a31.add(b1);
        a40 = a40.add(b0); a41 = a41.add(b1); a50 = a50.add(b0); a51 = a51.add(b1);
        if (res != null) {   // Eq. (1): + x
            a00 = a00.add(FloatVector.fromArray(S, res, rb[0] + c0)); a01 = a01.add(FloatVector.fromArray(S, res, rb[0] + c0 + L));
            a10 = a10.add(FloatVector.fromArray(S, res, rb[1] + c0)); a11 = a11.add(FloatVector.fromArray(S, res, rb[1] + c0 + L));
            a20 = a20.add(FloatVector.fromArray(S, res, rb[2] + c0)); a21 = a21.add(FloatVector.fromArray(S, res, rb[2] + c0 + L));
            a30 = a30.add(FloatVector.fromArray(S, res, rb[3] + c0)); a31 = a31.add(FloatVector.fromArray(S, res, rb[3] + c0 + L));
            a40 = a40.add(FloatVector.fromArray(S, res, rb[4] + c0)); a41 = a41.add(FloatVector.fromArray(S, res, rb[4] + c0 + L));
            a50 = a50.add(FloatVector.fromArray(S, res, rb[5] + c0)); a51 = a51.add(FloatVector.fromArray(S, res, rb[5] + c0 + L));
        }
        if (relu) {
            a00 = a00.max(0f); a01 = a01.max(0f); a10 = a10.max(0f); a11 = a11.max(0f);
            a20 = a20.max(0f); a21 = a21.max(0f); a30 = a30.max(0f); a31 = a31.max(0f);
            a40 = a40.max(0f); a41 = a41.max(0f); a50 = a50.max(0f); a51 = a51.max(0f);
        }
        a00.intoArray(out, ob[0] + c0); a01.intoArray(out, ob[0] + c0 + L);
        a10.intoArray(out, ob[1] + c0); a11.intoArray(out, ob[1] + c0 + L);
        a20.intoArray(out, ob[2] + c0); a21.intoArray(out, ob[2] + c0 + L);
        a30.intoArray(out, ob[3] + c0); a31.intoArray(out, ob[3] + c0 + L);
        a40.intoArray(out, ob[4] + c0); a41.intoArray(out, ob[4] + c0 + L);
        a50.intoArray(out, ob[5] + c0); a51.intoArray(out, ob[5] + c0 + L);
    }

    /** Six output pixels x KB channels. Accumulators are named locals, never an array (notes, item 2). */
    static void tile6(float[] x, int[] xb, int[] offsets, float[] w, int wBase,
                      float[] out, int[] ob, int c0, float[] bias, float[] res, int[] rb, boolean relu) {
        int bBase = c0;
        int x0 = xb[0], x1 = xb[1], x2 = xb[2], x3 = xb[3], x4 = xb[4], x5 = xb[5];
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S);
        FloatVector a40 = FloatVector.zero(S), a41 = FloatVector.zero(S);
        FloatVector a50 = FloatVector.zero(S), a51 = FloatVector.zero(S);
        for (int k = 0; k < offsets.length; k++) {
            FloatVector w0 = FloatVector.fromArray(S, w, wBase + k * KB);
            FloatVector w1 = FloatVector.fromArray(S, w, wBase + k * KB + L);
            int o = offsets[k];
            FloatVector b = FloatVector.broadcast(S, x[x0 + o]);
            a00 = b.fma(w0, a00); a01 = b.fma(w1, a01);
            b = FloatVector.broadcast(S, x[x1 + o]);
            a10 = b.fma(w0, a10); a11 = b.fma(w1, a11);
            b = FloatVector.broadcast(S, x[x2 + o]);
            a20 = b.fma(w0, a20); a21 = b.fma(w1, a21);
            b = FloatVector.broadcast(S, x[x3 + o]);
            a30 = b.fma(w0, a30); a31 = b.fma(w1, a31);
            b = FloatVector.broadcast(S, x[x4 + o]);
            a40 = b.fma(w0, a40); a41 = b.fma(w1, a41);
            b = FloatVector.broadcast(S, x[x5 + o]);
            a50 = b.fma(w0, a50); a51 = b.fma(w1, a51);
        }
        // Epilogue, written out per pixel: a call taking vectors as arguments would box them.
        FloatVector b0 = FloatVector.fromArray(S, bias, bBase), b1 = FloatVector.fromArray(S, bias, bBase + L);
        a00 = a00.add(b0); a01 = a01.add(b1); a10 = a10.add(b0); a11 = a11.add(b1);
        a20 = a20.add(b0); a21 = a21.add(b1); a30 = a30.add(b0); a31 = a31.add(b1);
        a40 = a40.add(b0); a41 = a41.add(b1); a50 = a50.add(b0); a51 = a51.add(b1);
        if (res != null) {   // Eq. (1): + x
            a00 = a00.add(FloatVector.fromArray(S, res, rb[0] + c0)); a01 = a01.add(FloatVector.fromArray(S, res, rb[0] + c0 + L));
            a10 = a10.add(FloatVector.fromArray(S, res, rb[1] + c0)); a11 = a11.add(FloatVector.fromArray(S, res, rb[1] + c0 + L));
            a20 = a20.add(FloatVector.fromArray(S, res, rb[2] + c0)); a21 = a21.add(FloatVector.fromArray(S, res, rb[2] + c0 + L));
            a30 = a30.add(FloatVector.fromArray(S, res, rb[3] + c0)); a31 = a31.add(FloatVector.fromArray(S, res, rb[3] + c0 + L));
            a40 = a40.add(FloatVector.fromArray(S, res, rb[4] + c0)); a41 = a41.add(FloatVector.fromArray(S, res, rb[4] + c0 + L));
            a50 = a50.add(FloatVector.fromArray(S, res, rb[5] + c0)); a51 = a51.add(FloatVector.fromArray(S, res, rb[5] + c0 + L));
        }
        if (relu) {
            a00 = a00.max(0f); a01 = a01.max(0f); a10 = a10.max(0f); a11 = a11.max(0f);
            a20 = a20.max(0f); a21 = a21.max(0f); a30 = a30.max(0f); a31 = a31.max(0f);
            a40 = a40.max(0f); a41 = a41.max(0f); a50 = a50.max(0f); a51 = a51.max(0f);
        }
        a00.intoArray(out, ob[0] + c0); a01.intoArray(out, ob[0] + c0 + L);
        a10.intoArray(out, ob[1] + c0); a11.intoArray(out, ob[1] + c0 + L);
        a20.intoArray(out, ob[2] + c0); a21.intoArray(out, ob[2] + c0 + L);
        a30.intoArray(out, ob[3] + c0); a31.intoArray(out, ob[3] + c0 + L);
        a40.intoArray(out, ob[4] + c0); a41.intoArray(out, ob[4] + c0 + L);
        a50.intoArray(out, ob[5] + c0); a51.intoArray(out, ob[5] + c0 + L);
    }
}
