/* torch.nn.Linear: weight (out, in), bias (out); y = x W^T + b. */
package workbench.nn;

import workbench.tensor.Tensor;

public final class Linear extends Module {
    public final int inFeatures, outFeatures;
    public final Tensor weight, bias;

    public Linear(int inFeatures, int outFeatures) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = parameter("weight", outFeatures, inFeatures);
        this.bias = parameter("bias", outFeatures);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 2 || x.dim(1) != inFeatures) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + inFeatures + "), got " + x.shapeString());
        }
        return ctx.kernels().linear(x, weight, bias);
    }

    public long macs() { return (long) inFeatures * outFeatures; }

    @Override
    public String describe() { return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ")"; }
}
