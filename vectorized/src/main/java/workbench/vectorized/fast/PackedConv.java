/*
 * A convolution prepared once for the fast path: BatchNorm folded in, weights packed for the
 * micro-kernel, bias ready for the epilogue.
 *
 * Folding (the same algebra as RepVGG's conv+BN fusion, ResNet Sec. 3.4 puts BN after every conv):
 *   scale_k = gamma_k / sqrt(var_k + eps);  W'_k = W_k * scale_k;  b'_k = beta_k - mean_k * scale_k (+ b_k * scale_k)
 * Packing: weights as [kBlock][i][j][c][KB], KB = ConvKernel.KB output channels of one block
 * contiguous, so step k = (i * kw + j) * C + c of the reduction loads KB weights as consecutive
 * vectors at k * KB; output channels are zero-padded to a multiple of KB (Kp).
 * Taps: for an input buffer's geometry, offsets[k] is where step k reads, relative to the tile's
 * first input pixel: i * dilationH * rowStride + j * dilationW * Cp + c. One flat loop over k then
 * covers the whole kh x kw x C reduction (see ConvKernel for why it must be flat).
 * Twin: naive Conv2d + BatchNorm2d through Kernels.conv2d and Kernels.batchNorm.
 */
package workbench.vectorized.fast;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Conv2d;

public final class PackedConv {
    public final String name;
    public final int C, Cp, K, Kp, kh, kw;
    public final Conv2dSpec spec;
    public final float[] weights;   // [Kp / KB][kh][kw][C][KB]
    public final float[] bias;      // [Kp]
    private int[] offsets;          // per reduction step, for the input geometry below
    private int offsetsWp = -1, offsetsCp = -1;

    public PackedConv(String name, Conv2d conv, BatchNorm2d bn, int inputCp) {
        this(name, conv.weight, conv.bias, conv.spec, bn, inputCp);
    }

    /** From raw tensors: weight (K, C, kh, kw), convBias (K) or null, BN to fold or null. */
    public PackedConv(String name, workbench.tensor.Tensor weight, workbench.tensor.Tensor convBias, Conv2dSpec spec,
                      BatchNorm2d bn, int inputCp) {
        if (spec.groups() != 1) throw new IllegalArgumentException(name + ": the fast path packs groups=1 convolutions only");
        this.name = name;
        this.C = weight.dim(1);
        this.Cp = inputCp;
        this.K = weight.dim(0);
        this.Kp = ConvKernel.roundUp(K, ConvKernel.KB);
        this.kh = weight.dim(2);
        this.kw = weight.dim(3);
        this.spec = spec;
        float[] scale = new float[K], shift = new float[K];
        for (int k = 0; k < K; k++) {
            float b = convBias == null ? 0f : convBias.data()[k];
            if (bn == null) {
                scale[k] = 1f;
                shift[k] = b;
            } else {
                // in float32, as NaiveKernels.batchNorm computes its per-channel scale and shift
                float invStd = (float) (1.0 / Math.sqrt(bn.runningVar.data()[k] + (double) bn.eps));
                scale[k] = bn.weight.data()[k] * invStd;
                shift[k] = bn.bias.data()[k] - bn.runningMean.data()[k] * scale[k] + b * scale[k];
            }
        }
        int KB = ConvKernel.KB;
        this.weights = new float[(Kp / KB) * kh * kw * C * KB];
        this.bias = new float[Kp];
        float[] w = weight.data();
        for (int k = 0; k < K; k++) {
            bias[k] = shift[k];
            int kb = k / KB, lane = k % KB;
            for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++)
                    for (int c = 0; c < C; c++) {
                        weights[(((kb * kh + i) * kw + j) * C + c) * KB + lane] = w[((k * C + c) * kh + i) * kw + j] * scale[k];
                    }
        }
    }

    /** Input offsets of the kh x kw x C reduction steps for buffers of this geometry (cached). */
    public synchronized int[] offsets(Nhwc in) {
        if (in.Wp != offsetsWp || in.Cp != offsetsCp) {
            int[] o = new int[kh * kw * C];
            int rowStride = in.Wp * in.Cp;
            for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++)
                    for (int c = 0; c < C; c++) o[(i * kw + j) * C + c] = i * spec.dilationH() * rowStride + j * spec.dilationW() * in.Cp + c;
            offsets = o;
            offsetsWp = in.Wp;
            offsetsCp = in.Cp;
        }
        return offsets;
    }

    public int outH(int h) { return spec.outH(h, kh); }
    public int outW(int w) { return spec.outW(w, kw); }

    /** Multiply-adds for an input of H x W (real channels). */
    public long macs(int n, int h, int w) { return (long) n * K * C * kh * kw * outH(h) * outW(w); }
}
