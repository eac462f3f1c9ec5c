/* torch.nn.MaxPool2d (kernel, stride, padding, ceil_mode); no weights. */
package workbench.nn;

import workbench.kernels.Pool2dSpec;
import workbench.tensor.Tensor;

public final class MaxPool2d extends Module {
    public final Pool2dSpec spec;

    public MaxPool2d(Pool2dSpec spec) { this.spec = spec; }

    public MaxPool2d(int kernel, int stride, int padding) { this(Pool2dSpec.of(kernel, stride, padding, false)); }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return ctx.kernels().maxPool2d(x, spec);
    }

    @Override
    public String describe() {
        return "MaxPool2d(kernel=" + spec.kh() + ", stride=" + spec.strideH() + ", padding=" + spec.padH()
                + (spec.ceilMode() ? ", ceil_mode=True" : "") + ")";
    }
}
