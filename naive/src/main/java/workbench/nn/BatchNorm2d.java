/*
 * torch.nn.BatchNorm2d in eval mode (running statistics). State: weight (gamma), bias (beta),
 * running_mean, running_var, and the counter num_batches_tracked, which inference never reads
 * and a checkpoint may omit.
 */
package workbench.nn;

import workbench.tensor.Tensor;

public final class BatchNorm2d extends Module {
    public final int numFeatures;
    public final float eps;
    public final Tensor weight, bias, runningMean, runningVar;

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f);
    }

    public BatchNorm2d(int numFeatures, float eps) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.weight = parameter("weight", numFeatures);
        this.bias = parameter("bias", numFeatures);
        this.runningMean = parameter("running_mean", numFeatures);
        this.runningVar = parameter("running_var", numFeatures);
        optionalBuffer("num_batches_tracked");
        java.util.Arrays.fill(weight.data(), 1f);       // torch's defaults: gamma = 1, beta = 0, var = 1
        java.util.Arrays.fill(runningVar.data(), 1f);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() < 2 || x.dim(1) != numFeatures) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + numFeatures + ", H, W), got " + x.shapeString());
        }
        return ctx.kernels().batchNorm(x, weight, bias, runningMean, runningVar, eps);
    }

    @Override
    protected boolean isLearnable(String parameterName) {
        return parameterName.equals("weight") || parameterName.equals("bias");
    }

    @Override
    public String describe() {
        return "BatchNorm2d(" + numFeatures + ", eps=" + eps + ")";
    }
}
