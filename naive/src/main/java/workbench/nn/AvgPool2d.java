/* torch.nn.AvgPool2d (kernel, stride, padding, ceil_mode, count_include_pad); no weights. */
package workbench.nn;

import workbench.kernels.Pool2dSpec;
import workbench.tensor.Tensor;

public final class AvgPool2d extends Module {
    public final Pool2dSpec spec;

    public AvgPool2d(Pool2dSpec spec) { this.spec = spec; }

    /** torch's defaults: ceil_mode=False, count_include_pad=True (border windows divide by k*k). */
    public AvgPool2d(int kernel, int stride, int padding) { this(Pool2dSpec.of(kernel, stride, padding, false)); }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return ctx.kernels().avgPool2d(x, spec);
    }

    @Override
    public String describe() {
        return "AvgPool2d(kernel=" + spec.kh() + ", stride=" + spec.strideH() + ", padding=" + spec.padH()
                + (spec.countIncludePad() ? "" : ", count_include_pad=False") + ")";
    }
}
