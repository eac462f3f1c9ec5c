/*
 * Shortcut option A (ResNet, Sec. 3.2 and Sec. 4.1, Table 3; CIFAR nets of Sec. 4.2): where a block
 * changes shape, the identity is kept parameter-free - take every stride-th pixel and pad the new
 * channels with zeros. The paper says only "extra zero entries padded for increasing dimensions";
 * we pad equally before and after the existing channels (the widely used CIFAR implementations do
 * the same: 16 -> 32 channels puts 8 zero channels on each side).
 * No weights, so no state_dict keys.
 */
package workbench.resnet;

import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class ShortcutA extends Module {
    public final int inChannels, outChannels, stride;

    public ShortcutA(int inChannels, int outChannels, int stride) {
        if (outChannels < inChannels) {
            throw new IllegalArgumentException("option A shortcut can only add channels, got " + inChannels + " -> " + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        if (C != inChannels) throw new IllegalArgumentException(name() + ": expected input (N, " + inChannels + ", H, W), got " + x.shapeString());
        int Ho = (H + stride - 1) / stride, Wo = (W + stride - 1) / stride;   // x[:, :, ::s, ::s]
        int before = (outChannels - inChannels) / 2;                          // zero channels in front
        Tensor out = Tensor.zeros(N, outChannels, Ho, Wo);
        float[] xd = x.data(), od = out.data();
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int oy = 0; oy < Ho; oy++)
                    for (int ox = 0; ox < Wo; ox++)
                        od[((n * outChannels + before + c) * Ho + oy) * Wo + ox] = xd[((n * C + c) * H + oy * stride) * W + ox * stride];
        return out;
    }

    @Override
    public String describe() {
        return "ShortcutA(" + inChannels + " -> " + outChannels + ", stride=" + stride + ", zero-padded)";
    }
}
