/*
 * RepVGGBlock (Ding et al. 2021, "RepVGG: Making VGG-style ConvNets Great Again", Sec. 3.2 and
 * Sec. 3.3, Fig. 4; DingXiaoH/RepVGG repvgg.py: RepVGGBlock).
 *
 *   training time (Sec. 3.2)                          inference time (Sec. 3.3)
 *   x --rbr_dense: 3x3 conv-BN--+                     x --rbr_reparam: 3x3 conv + bias-- [se] -- relu
 *     --rbr_1x1:   1x1 conv-BN--(+)-- [se] -- relu
 *     --rbr_identity: BN -------+   (only if in == out and stride == 1)
 *
 * Children keep the official names and order (nonlinearity, se, rbr_identity, rbr_dense, rbr_1x1),
 * so state_dict keys are "rbr_dense.conv.weight", "rbr_identity.running_var", ... and after
 * switchToDeploy() "rbr_reparam.weight" / "rbr_reparam.bias".
 * Naive reference: the convs run on whichever Kernels the Context carries; the fusion is
 * Transforms (light, kernel-sized). The block is always in eval mode: BN uses running statistics.
 * Not here: training, the official use_checkpoint option, kernel sizes other than 3 (the official
 * code asserts kernel_size == 3 and padding == 1).
 */
package workbench.reparam;

import java.util.ArrayList;
import java.util.List;
import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.tensor.Tensor;

public final class RepVGGBlock extends Module implements Reparameterizable {
    public final int inChannels, outChannels, stride, groups;
    public final boolean useSe;
    public final ReLU nonlinearity;
    public final SEBlock se;                 // null without use_se
    private BatchNorm2d rbrIdentity;         // null: no identity branch
    private ConvBn rbrDense, rbr1x1;         // null once deployed
    private Conv2d rbrReparam;               // null until deployed

    /** The official constructor's rule: an identity branch exactly when in == out and stride == 1. */
    public RepVGGBlock(int inChannels, int outChannels, int stride, int groups, boolean deploy, boolean useSe) {
        this(inChannels, outChannels, 3, stride, 1, groups, deploy, useSe, inChannels == outChannels && stride == 1);
    }

    /**
     * Full form. {@code identity} asks for the identity branch explicitly; asking for it where it
     * cannot exist is an error that says why (the official code would silently drop it).
     */
    public RepVGGBlock(int inChannels, int outChannels, int kernelSize, int stride, int padding, int groups,
                       boolean deploy, boolean useSe, boolean identity) {
        String what = "RepVGGBlock(" + inChannels + " -> " + outChannels + ", stride " + stride + ", groups " + groups + ")";
        if (kernelSize != 3 || padding != 1) {
            throw new IllegalArgumentException(what + ": kernel_size " + kernelSize + ", padding " + padding
                    + "; RepVGG blocks are 3x3 with padding 1 (the official code asserts both)"
                    + "\n  ---> HINT: for other kernel sizes use DiverseBranchBlock or ACBlock.");
        }
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(what + ": in and out channels must both be divisible by groups");
        }
        if (identity && (inChannels != outChannels || stride != 1)) {
            throw new IllegalArgumentException(what + ": an identity branch needs in == out and stride 1, because it adds"
                    + " the input, unchanged, to the output; got in=" + inChannels + ", out=" + outChannels + ", stride=" + stride
                    + "\n  ---> HINT: leave the identity out (the official rule: identity iff in == out and stride == 1).");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        this.groups = groups;
        this.useSe = useSe;
        this.nonlinearity = register("nonlinearity", new ReLU());
        this.se = useSe ? register("se", new SEBlock(outChannels, outChannels / 16)) : null;
        if (deploy) {
            this.rbrReparam = register("rbr_reparam", deployConv());
        } else {
            // Sec. 3.2: y = x + g(x) + f(x), each term followed by its own BN
            this.rbrIdentity = identity ? register("rbr_identity", new BatchNorm2d(inChannels)) : null;
            this.rbrDense = register("rbr_dense", new ConvBn(inChannels, outChannels, 3, 3, Conv2dSpec.of(stride, 1, 1, groups)));
            this.rbr1x1 = register("rbr_1x1", new ConvBn(inChannels, outChannels, 1, 1, Conv2dSpec.of(stride, 0, 1, groups)));
        }
    }

    private Conv2d deployConv() {
        return new Conv2d(inChannels, outChannels, 3, 3, Conv2dSpec.of(stride, 1, 1, groups), true);
    }

    public boolean hasIdentity() { return rbrIdentity != null; }
    public BatchNorm2d rbrIdentity() { return rbrIdentity; }
    public ConvBn rbrDense() { return requireTrain("rbr_dense", rbrDense); }
    public ConvBn rbr1x1() { return requireTrain("rbr_1x1", rbr1x1); }
    public Conv2d rbrReparam() { return rbrReparam; }

    @Override
    public boolean isDeployed() { return rbrReparam != null; }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + inChannels + ", H, W), got " + x.shapeString());
        }
        Tensor sum;
        if (isDeployed()) {
            sum = rbrReparam.call(x, ctx);                                   // Sec. 3.3: one 3x3 conv with bias
        } else {
            sum = ctx.kernels().add(rbrDense.call(x, ctx), rbr1x1.call(x, ctx));
            if (rbrIdentity != null) sum = ctx.kernels().add(sum, rbrIdentity.call(x, ctx));
            ctx.trace().record(name().isEmpty() ? "pre_activation" : name() + ".pre_activation", sum);
        }
        if (se != null) sum = se.call(sum, ctx);
        return nonlinearity.call(sum, ctx);
    }

    // ---------------------------------------------------------------------------------------------
    // Sec. 3.3, step by step. Each branch becomes a 3x3 kernel and a bias:
    //   dense:    W3 folded with its BN                               (Transforms.fuseBn)
    //   1x1:      W1 folded with its BN, then padded into the 3x3 centre (Transforms.padToKernel)
    //   identity: the identity as a 3x3 kernel (grouped), folded with the identity BN
    // and the block is the sum of the three (Transforms.addBranches).

    /** rbr_dense as (kernel 3x3, bias): official _fuse_bn_tensor(rbr_dense). */
    public KernelBias denseKernelBias() { return rbrDense().fused(); }

    /** rbr_1x1 as (kernel 1x1, bias), not yet padded: official _fuse_bn_tensor(rbr_1x1). */
    public KernelBias oneByOneKernelBias() { return rbr1x1().fused(); }

    /** The identity as a (C, C/groups, 3, 3) kernel: the official id_tensor. */
    public Tensor identityKernel() { return Transforms.identityKernel(inChannels, groups, 3); }

    /** rbr_identity as (kernel 3x3, bias), or null without an identity branch. */
    public KernelBias identityKernelBias() {
        requireTrain("rbr_identity", rbrDense);
        return rbrIdentity == null ? null : Transforms.fuseBn(identityKernel(), rbrIdentity);
    }

    @Override
    public KernelBias equivalentKernelBias() {
        if (isDeployed()) return new KernelBias(rbrReparam.weight.copy(), rbrReparam.bias.copy());
        List<KernelBias> branches = new ArrayList<>();
        branches.add(denseKernelBias());
        branches.add(Transforms.padToKernel(oneByOneKernelBias(), 3, 3));
        if (rbrIdentity != null) branches.add(identityKernelBias());
        return Transforms.addBranches(branches);
    }

    @Override
    public void switchToDeploy() {
        if (isDeployed()) return;
        KernelBias kb = equivalentKernelBias();
        unregister("rbr_identity");
        unregister("rbr_dense");
        unregister("rbr_1x1");
        rbrIdentity = null;
        rbrDense = rbr1x1 = null;
        rbrReparam = register("rbr_reparam", deployConv());
        System.arraycopy(kb.kernel().data(), 0, rbrReparam.weight.data(), 0, kb.kernel().numel());
        System.arraycopy(kb.bias().data(), 0, rbrReparam.bias.data(), 0, kb.bias().numel());
    }

    private <T> T requireTrain(String branch, T b) {
        if (b == null) {
            throw new IllegalStateException(name() + ": the block is in deploy form; " + branch + " was fused into rbr_reparam"
                    + "\n  ---> HINT: read the fused kernel with equivalentKernelBias(), or build a training-form block.");
        }
        return b;
    }

    @Override
    public String describe() {
        return "RepVGGBlock(" + inChannels + " -> " + outChannels + ", stride=" + stride + (groups > 1 ? ", groups=" + groups : "")
                + (useSe ? ", se" : "") + (isDeployed() ? ", deploy" : hasIdentity() ? ", identity" : "") + ")";
    }
}
