/*
 * torch.nn.Conv2d: weight (K, C/groups, kh, kw) and an optional bias (K).
 * The arithmetic lives in Kernels.conv2d; this module holds the weights and the spec.
 */
package workbench.nn;

import workbench.kernels.Conv2dSpec;
import workbench.tensor.Tensor;

public final class Conv2d extends Module {
    public final int inChannels, outChannels, kh, kw;
    public final Conv2dSpec spec;
    public final Tensor weight;
    public final Tensor bias;   // null when bias=False

    public Conv2d(int inChannels, int outChannels, int kh, int kw, Conv2dSpec spec, boolean bias) {
        if (inChannels % spec.groups() != 0 || outChannels % spec.groups() != 0) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + "): channels must be divisible by groups "
                    + spec.groups());
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kh = kh;
        this.kw = kw;
        this.spec = spec;
        this.weight = parameter("weight", outChannels, inChannels / spec.groups(), kh, kw);
        this.bias = bias ? parameter("bias", outChannels) : null;
    }

    /** Square kernel, torch's usual call: Conv2d(in, out, k, stride, padding, bias). */
    public Conv2d(int inChannels, int outChannels, int k, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, k, k, Conv2dSpec.of(stride, padding), bias);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + inChannels + ", H, W), got " + x.shapeString());
        }
        return ctx.kernels().conv2d(x, weight, bias, spec);
    }

    /** Multiply-adds for an input of H x W (per image): K * C/g * kh * kw * Ho * Wo. */
    public long macs(int h, int w) {
        return (long) outChannels * (inChannels / spec.groups()) * kh * kw * spec.outH(h, kh) * spec.outW(w, kw);
    }

    @Override
    public String describe() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel=" + kh + "x" + kw + ", stride=" + spec.strideH()
                + ", padding=" + spec.padH() + (spec.dilationH() > 1 ? ", dilation=" + spec.dilationH() : "")
                + (spec.groups() > 1 ? ", groups=" + spec.groups() : "") + (bias == null ? ", bias=False" : "") + ")";
    }
}
