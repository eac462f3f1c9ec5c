/*
 * Kernels that compute nothing: every operation returns zeros of the right shape and counts the
 * multiply-adds a real kernel would do (conv2d and linear, the convention of the ResNet paper's
 * FLOPs column and of torchvision's GFLOPS metadata). Running a model on these gives its
 * complexity at any input size in milliseconds, with the same shape checks as a real pass.
 */
package workbench.kernels;

import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class CountingKernels implements Kernels {
    private long macs;

    public long macs() { return macs; }

    @Override
    public String name() { return "counting"; }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec) {
        int[] os = KernelChecks.conv2dOutShape(x, w, bias, spec);
        // per output element: C/groups * kh * kw multiply-adds
        macs += Shape.numel(os) * (long) w.dim(1) * w.dim(2) * w.dim(3);
        return Tensor.zeros(os);
    }

    @Override
    public Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        KernelChecks.batchNorm(x, gamma, beta, mean, var);
        return Tensor.zeros(x.shape());
    }

    @Override
    public Tensor relu(Tensor x) { return Tensor.zeros(x.shape()); }

    @Override
    public Tensor maxPool2d(Tensor x, Pool2dSpec spec) { return Tensor.zeros(KernelChecks.pool2dOutShape("max_pool2d", x, spec)); }

    @Override
    public Tensor avgPool2d(Tensor x, Pool2dSpec spec) { return Tensor.zeros(KernelChecks.pool2dOutShape("avg_pool2d", x, spec)); }

    @Override
    public Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        KernelChecks.adaptive(x, outH, outW);
        return Tensor.zeros(x.dim(0), x.dim(1), outH, outW);
    }

    @Override
    public Tensor linear(Tensor x, Tensor w, Tensor bias) {
        KernelChecks.linear(x, w, bias);
        macs += (long) x.dim(0) * w.dim(0) * w.dim(1);
        return Tensor.zeros(x.dim(0), w.dim(0));
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        Shape.requireSame("add", a, b);
        return Tensor.zeros(a.shape());
    }
}
