/* torch.nn.AdaptiveAvgPool2d((outH, outW)); ResNet uses (1, 1), i.e. a global average. */
package workbench.nn;

import workbench.tensor.Tensor;

public final class AdaptiveAvgPool2d extends Module {
    public final int outH, outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return ctx.kernels().adaptiveAvgPool2d(x, outH, outW);
    }

    @Override
    public String describe() { return "AdaptiveAvgPool2d(output_size=(" + outH + ", " + outW + "))"; }
}
