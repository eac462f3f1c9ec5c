/*
 * A conv kernel and its bias: what every branch of a re-parameterizable block reduces to
 * (RepVGG Sec. 3.3; DBB, where each transform maps (F, b) pairs to one (F', b')).
 * kernel is (K, C/groups, kh, kw), bias is (K), both float32 as in the official code.
 * Deliberately not here: any arithmetic - that is in Transforms, one method per transform.
 */
package workbench.reparam;

import workbench.tensor.Tensor;

public record KernelBias(Tensor kernel, Tensor bias) {
    public KernelBias {
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException("KernelBias: expected a kernel (K, C/groups, kh, kw), got " + kernel.shapeString());
        }
        if (bias.rank() != 1 || bias.dim(0) != kernel.dim(0)) {
            throw new IllegalArgumentException("KernelBias: expected a bias (" + kernel.dim(0) + ") for kernel "
                    + kernel.shapeString() + ", got " + bias.shapeString());
        }
    }

    public int outChannels() { return kernel.dim(0); }
    public int kh() { return kernel.dim(2); }
    public int kw() { return kernel.dim(3); }
}
