/* torch.nn.ReLU: max(x, 0). */
package workbench.nn;

import workbench.tensor.Tensor;

public final class ReLU extends Module {
    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return ctx.kernels().relu(x);
    }

    @Override
    public String describe() { return "ReLU()"; }
}
