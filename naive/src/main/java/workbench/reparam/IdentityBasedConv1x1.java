/*
 * A 1x1 conv whose kernel is "identity + learned perturbation" (DBB, the first layer of the
 * 1x1-KxK branch when its width equals the input's; DingXiaoH/DiverseBranchBlock diversebranchblock.py:
 * IdentityBasedConv1x1). The state_dict holds only "weight", the perturbation (zero at init); the
 * kernel actually used is weight + id, with id[i, i % (C/g), 0, 0] = 1 (not in the state_dict).
 * A converter that reads "weight" as the kernel drops the identity and gets every output wrong.
 */
package workbench.reparam;

import workbench.kernels.Conv2dSpec;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class IdentityBasedConv1x1 extends Module {
    public final int channels, groups;
    public final Tensor weight;

    public IdentityBasedConv1x1(int channels, int groups) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("IdentityBasedConv1x1(" + channels + "): channels not divisible by groups " + groups);
        }
        this.channels = channels;
        this.groups = groups;
        this.weight = parameter("weight", channels, channels / groups, 1, 1);
    }

    /** The fixed identity part: (C, C/groups, 1, 1), 1 at [i, i % (C/groups)]. */
    public Tensor idTensor() { return Transforms.identityKernel(channels, groups, 1); }

    /** weight + id: the kernel the forward pass uses (official get_actual_kernel()). */
    public Tensor actualKernel() { return Transforms.add(weight, idTensor()); }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return ctx.kernels().conv2d(x, actualKernel(), null, Conv2dSpec.of(1, 0, 1, groups));
    }

    @Override
    public String describe() { return "IdentityBasedConv1x1(" + channels + (groups > 1 ? ", groups=" + groups : "") + ")"; }
}
