/*
 * The operations every chapter's model is written against. Two implementations share this
 * contract: NaiveKernels (readable loops, the reference) and, in vectorized/, VectorKernels
 * (Vector API). A model never knows which one runs it.
 * Layout: activations NCHW, conv weights (K, C/groups, kh, kw), linear weights (out, in),
 * all float32 row-major, as in PyTorch. Every method returns a new tensor; inputs are not changed.
 */
package workbench.kernels;

import workbench.nn.Module;
import workbench.tensor.Tensor;

public interface Kernels {
    /** Short name for reports: "naive", "vectorized(512-bit)". */
    String name();

    /** torch.nn.functional.conv2d. x (N, C, H, W), w (K, C/groups, kh, kw), bias (K) or null. */
    Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec);

    /** Inference batch norm (F.batch_norm, training=False): y = (x - mean) / sqrt(var + eps) * gamma + beta, per channel. */
    Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps);

    /** max(x, 0), element-wise. */
    Tensor relu(Tensor x);

    /** F.max_pool2d: padding counts as -inf. */
    Tensor maxPool2d(Tensor x, Pool2dSpec spec);

    /** F.avg_pool2d, with ceil_mode and count_include_pad as torch defines them. */
    Tensor avgPool2d(Tensor x, Pool2dSpec spec);

    /** F.adaptive_avg_pool2d to (outH, outW): window [floor(i*H/outH), ceil((i+1)*H/outH)). */
    Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW);

    /** F.linear: x (N, in), w (out, in), bias (out) or null; y = x w^T + b. */
    Tensor linear(Tensor x, Tensor w, Tensor bias);

    /** Element-wise a + b; shapes must be equal. */
    Tensor add(Tensor a, Tensor b);

    /** torch.flatten(x, startDim): dimensions from startDim on are merged into one. */
    default Tensor flatten(Tensor x, int startDim) {
        int[] s = x.shape();
        if (startDim < 0 || startDim >= s.length) {
            throw new IllegalArgumentException("flatten: start dim " + startDim + " outside tensor " + x.shapeString());
        }
        int[] out = new int[startDim + 1];
        System.arraycopy(s, 0, out, 0, startDim);
        int m = 1;
        for (int d = startDim; d < s.length; d++) m *= s[d];
        out[startDim] = m;
        return x.copy().reshape(out);
    }

    /**
     * A module that computes the same function as {@code model}, arranged for this implementation
     * (the vectorized twin folds BN, packs weights and fuses epilogues where it has a fast form).
     * Call it after the weights are loaded: later changes to the model's parameters are not seen.
     * The naive twin interprets the module tree op by op, so it returns the model itself.
     */
    default Module prepare(Module model) {
        return model;
    }
}
