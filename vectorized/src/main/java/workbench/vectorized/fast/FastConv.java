/*
 * One convolution (+ folded BN, + ReLU) on the fast path, outside any model: what the bench times
 * per kernel, and what a chapter uses for a single heavy conv. A 1x1 conv over an image of 1 x M
 * pixels with C channels is a GEMM (M x C) . (C x K): the bench's SGEMM row is this class too.
 * Twin: NaiveKernels.conv2d (+ batchNorm, relu).
 */
package workbench.vectorized.fast;

import workbench.nn.BatchNorm2d;
import workbench.nn.Conv2d;
import workbench.tensor.Tensor;

public final class FastConv {
    private final PackedConv packed;
    private final boolean relu;
    private final Workers workers;

    public FastConv(Conv2d conv, BatchNorm2d bn, boolean relu, int inputCp, Workers workers) {
        this.packed = new PackedConv(conv.name().isEmpty() ? "conv" : conv.name(), conv, bn, inputCp);
        this.relu = relu;
        this.workers = workers;
    }

    /** An input buffer with the border this conv needs and {@code Cp} channels. */
    public Nhwc newInput(int n, int h, int w, int cp) {
        return new Nhwc(n, h, w, packed.C, cp, Math.max(packed.spec.padH(), packed.spec.padW()));
    }

    public Nhwc newOutput(Nhwc in) {
        return new Nhwc(in.N, packed.outH(in.H), packed.outW(in.W), packed.K, packed.Kp, 0);
    }

    /** out = conv(in) (+ res) (ReLU), all NHWC buffers of matching geometry. */
    public void run(Nhwc in, Nhwc out, Nhwc res) {
        workers.parallelFor(ConvKernel.items(packed, out), (from, to) -> ConvKernel.run(packed, in, out, res, relu, from, to));
    }

    /** NCHW in, NCHW out, converting on both sides (for tests and one-off use). */
    public Tensor forward(Tensor x) {
        Nhwc in = newInput(x.dim(0), x.dim(2), x.dim(3), x.dim(1));
        in.fill(x);
        Nhwc out = newOutput(in);
        run(in, out, null);
        return out.toNchw();
    }

    public long macs(int n, int h, int w) { return packed.macs(n, h, w); }

    /**
     * conv2d on the fast kernel for the op-by-op path (VectorKernels.conv2d, version NHWC_DIRECT):
     * converts NCHW to NHWC and back on every call; packed weights are kept between calls
     * (PackCache, checked against the weights' current values).
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, workbench.kernels.Conv2dSpec spec, Workers workers) {
        PackedConv p = PackCache.packed(w, bias, spec, x.dim(1));
        Nhwc in = new Nhwc(x.dim(0), x.dim(2), x.dim(3), x.dim(1), x.dim(1), Math.max(spec.padH(), spec.padW()));
        in.fill(x);
        Nhwc out = new Nhwc(in.N, p.outH(in.H), p.outW(in.W), p.K, p.Kp, 0);
        workers.parallelFor(ConvKernel.items(p, out), (from, to) -> ConvKernel.run(p, in, out, null, false, from, to));
        return out.toNchw();
    }
}
