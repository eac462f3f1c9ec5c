/*
 * conv_bn: a bias-free conv followed by BatchNorm2d, the unit every branch is built from
 * (RepVGG repvgg.py and DBB diversebranchblock.py: conv_bn(), an nn.Sequential with children
 * "conv" and "bn"). Its fused form is Transforms.fuseBn (Sec. 3.3).
 */
package workbench.reparam;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class ConvBn extends Module {
    public final Conv2d conv;
    public final BatchNorm2d bn;

    public ConvBn(int in, int out, int kh, int kw, Conv2dSpec spec) {
        this.conv = register("conv", new Conv2d(in, out, kh, kw, spec, false));
        this.bn = register("bn", new BatchNorm2d(out));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return bn.call(conv.call(x, ctx), ctx);
    }

    /** This branch as one conv with bias (BN folded): Transforms.fuseBn. */
    public KernelBias fused() {
        return Transforms.fuseBn(conv.weight, bn);
    }

    @Override
    public String describe() { return "conv_bn(" + conv.describe() + ")"; }
}
