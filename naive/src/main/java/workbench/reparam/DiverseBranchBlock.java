/*
 * Diverse Branch Block (Ding et al. 2021, "Diverse Branch Block: Building a Convolution as an
 * Inception-like Unit": the six transforms and the block built from them;
 * DingXiaoH/DiverseBranchBlock diversebranchblock.py: DiverseBranchBlock).
 *
 *   x --dbb_origin:  KxK conv-BN ---------------------------------------------+
 *     --dbb_1x1:     1x1 conv-BN  (only if groups < out_channels) --------------+
 *     --dbb_avg:     1x1 conv -> BNAndPad -> KxK avg pool -> BN ----------------(+)-- nonlinear (identity)
 *                    (depthwise: KxK avg pool with padding K/2 -> BN)           |
 *     --dbb_1x1_kxk: 1x1 conv (IdentityBasedConv1x1 if its width == in) -> BNAndPad -> KxK conv -> BN
 *
 * Every branch reduces to a KxK conv (transforms I, III, IV, V, VI), the sum to one (transform II):
 * equivalentKernelBias(); switchToDeploy() keeps only "dbb_reparam" (KxK, stride s, padding K/2,
 * groups g, with bias). Children and keys follow the official module: "dbb_avg.bn.bn.weight",
 * "dbb_1x1_kxk.idconv1.weight", ...
 * Naive reference: convs and pooling go through Kernels; fusion through Transforms.
 * Not here: dilation, the single_init option, training, nonlinearities other than ReLU.
 */
package workbench.reparam;

import java.util.ArrayList;
import java.util.List;
import workbench.kernels.Conv2dSpec;
import workbench.nn.AvgPool2d;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.tensor.Tensor;

public final class DiverseBranchBlock extends Module implements Reparameterizable {
    public final int inChannels, outChannels, kernelSize, stride, padding, groups, internalChannels;
    /** The official `nonlinear` argument: null = nn.Identity (the default), or a ReLU applied after the sum. */
    public final ReLU nonlinear;
    private ConvBn dbbOrigin, dbb1x1;                 // dbb1x1 null when groups == out_channels
    private NamedSequential dbbAvg, dbb1x1Kxk;
    private Conv2d dbbReparam;

    /** internal channels of the 1x1-KxK branch by the official default: in, or 2 * in when depthwise. */
    public DiverseBranchBlock(int in, int out, int kernelSize, int stride, int padding, int groups, boolean deploy) {
        this(in, out, kernelSize, stride, padding, groups, null, deploy);
    }

    public DiverseBranchBlock(int in, int out, int kernelSize, int stride, int padding, int groups,
                              Integer internalChannels1x1Kxk, boolean deploy) {
        this(in, out, kernelSize, stride, padding, groups, internalChannels1x1Kxk, deploy, false);
    }

    /** With {@code reluNonlinear}, the official nonlinear=nn.ReLU(): applied after the branch sum, kept in deploy form. */
    public DiverseBranchBlock(int in, int out, int kernelSize, int stride, int padding, int groups,
                              Integer internalChannels1x1Kxk, boolean deploy, boolean reluNonlinear) {
        String what = "DiverseBranchBlock(" + in + " -> " + out + ", k=" + kernelSize + ", stride " + stride + ", groups " + groups + ")";
        if (kernelSize < 1 || kernelSize % 2 == 0 || padding != kernelSize / 2) {
            throw new IllegalArgumentException(what + ": needs an odd kernel and padding == kernel_size // 2, got padding " + padding
                    + " (the official code asserts it: the branches only align when every one is centred)");
        }
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(what + ": in and out channels must both be divisible by groups");
        }
        boolean depthwise = groups >= out;
        if (depthwise && in != out) {
            throw new IllegalArgumentException(what + ": with groups == out_channels the avg branch pools the input directly,"
                    + " so it has in channels and its BN out channels; that needs in == out"
                    + "\n  ---> HINT: use groups < out_channels, or in_channels == out_channels for a depthwise block.");
        }
        int internal = internalChannels1x1Kxk != null ? internalChannels1x1Kxk : depthwise ? 2 * in : in;
        if (internal % groups != 0) {
            throw new IllegalArgumentException(what + ": internal channels " + internal + " not divisible by groups");
        }
        this.inChannels = in;
        this.outChannels = out;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.internalChannels = internal;
        this.nonlinear = reluNonlinear ? register("nonlinear", new ReLU()) : null;
        if (deploy) {
            dbbReparam = register("dbb_reparam", deployConv());
            return;
        }
        dbbOrigin = register("dbb_origin", new ConvBn(in, out, kernelSize, kernelSize, Conv2dSpec.of(stride, padding, 1, groups)));
        dbbAvg = register("dbb_avg", new NamedSequential());
        if (!depthwise) {
            dbbAvg.add("conv", new Conv2d(in, out, 1, 1, Conv2dSpec.of(1, 0, 1, groups), false));
            dbbAvg.add("bn", new BNAndPadLayer(padding, out));
            dbbAvg.add("avg", new AvgPool2d(kernelSize, stride, 0));
            dbb1x1 = register("dbb_1x1", new ConvBn(in, out, 1, 1, Conv2dSpec.of(stride, 0, 1, groups)));
        } else {
            // count_include_pad (torch's default): border windows divide by K*K, as the avg kernel does
            dbbAvg.add("avg", new AvgPool2d(kernelSize, stride, padding));
        }
        dbbAvg.add("avgbn", new BatchNorm2d(out));
        dbb1x1Kxk = register("dbb_1x1_kxk", new NamedSequential());
        if (internal == in) {
            dbb1x1Kxk.add("idconv1", new IdentityBasedConv1x1(in, groups));
        } else {
            dbb1x1Kxk.add("conv1", new Conv2d(in, internal, 1, 1, Conv2dSpec.of(1, 0, 1, groups), false));
        }
        dbb1x1Kxk.add("bn1", new BNAndPadLayer(padding, internal));
        dbb1x1Kxk.add("conv2", new Conv2d(internal, out, kernelSize, kernelSize, Conv2dSpec.of(stride, 0, 1, groups), false));
        dbb1x1Kxk.add("bn2", new BatchNorm2d(out));
    }

    private Conv2d deployConv() {
        return new Conv2d(inChannels, outChannels, kernelSize, kernelSize, Conv2dSpec.of(stride, padding, 1, groups), true);
    }

    @Override
    public boolean isDeployed() { return dbbReparam != null; }

    public boolean hasOneByOne() { return dbb1x1 != null; }
    public boolean avgHasConv() { return !isDeployed() && dbbAvg.has("conv"); }
    public boolean usesIdentityBasedConv() { return !isDeployed() && dbb1x1Kxk.has("idconv1"); }
    public Conv2d dbbReparam() { return dbbReparam; }

    /** The IdentityBasedConv1x1 of the 1x1-KxK branch, or null when that branch starts with a plain conv1. */
    public IdentityBasedConv1x1 idconv1() {
        return usesIdentityBasedConv() ? (IdentityBasedConv1x1) dbb1x1Kxk.get("idconv1") : null;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + inChannels + ", H, W), got " + x.shapeString());
        }
        if (isDeployed()) return nonlinear(dbbReparam.call(x, ctx), ctx);
        Tensor out = dbbOrigin.call(x, ctx);
        if (dbb1x1 != null) out = ctx.kernels().add(out, dbb1x1.call(x, ctx));
        out = ctx.kernels().add(out, dbbAvg.call(x, ctx));
        out = ctx.kernels().add(out, dbb1x1Kxk.call(x, ctx));
        return nonlinear(out, ctx);
    }

    private Tensor nonlinear(Tensor y, Context ctx) {
        return nonlinear == null ? y : nonlinear.call(y, ctx);      // null: nn.Identity, the official default
    }

    // ---------------------------------------------------------------------------------------------
    // The fusion, branch by branch (the DBB transforms). Each method returns a KxK kernel and its bias.

    /** dbb_origin: transform I. */
    public KernelBias originKernelBias() { return train().dbbOrigin.fused(); }

    /** dbb_1x1: transform I, then VI (1x1 centred in KxK); null when the branch does not exist. */
    public KernelBias oneByOneKernelBias() {
        return train().dbb1x1 == null ? null : Transforms.padToKernel(dbb1x1.fused(), kernelSize, kernelSize);
    }

    /** dbb_1x1_kxk: transform I on each conv (the 1x1 kernel is weight + identity), then III. */
    public KernelBias oneByOneKxkKernelBias() {
        train();
        Tensor first = usesIdentityBasedConv() ? idconv1().actualKernel() : ((Conv2d) dbb1x1Kxk.get("conv1")).weight;
        KernelBias k1 = Transforms.fuseBn(first, ((BNAndPadLayer) dbb1x1Kxk.get("bn1")).bn);
        KernelBias k2 = Transforms.fuseBn(((Conv2d) dbb1x1Kxk.get("conv2")).weight, (BatchNorm2d) dbb1x1Kxk.get("bn2"));
        return Transforms.sequential1x1Kxk(k1, k2, groups);
    }

    /** The avg pool as a kernel (out, out/groups, K, K): transform V. */
    public Tensor avgKernel() { return Transforms.avgKernel(outChannels, kernelSize, groups); }

    /** dbb_avg: transform V, folded with avgbn (I), after the 1x1 conv-BN (I, then III) if there is one. */
    public KernelBias avgKernelBias() {
        train();
        KernelBias second = Transforms.fuseBn(avgKernel(), (BatchNorm2d) dbbAvg.get("avgbn"));
        if (!avgHasConv()) return second;
        KernelBias first = Transforms.fuseBn(((Conv2d) dbbAvg.get("conv")).weight, ((BNAndPadLayer) dbbAvg.get("bn")).bn);
        return Transforms.sequential1x1Kxk(first, second, groups);
    }

    @Override
    public KernelBias equivalentKernelBias() {
        if (isDeployed()) return new KernelBias(dbbReparam.weight.copy(), dbbReparam.bias.copy());
        List<KernelBias> branches = new ArrayList<>();
        branches.add(originKernelBias());
        if (dbb1x1 != null) branches.add(oneByOneKernelBias());
        branches.add(oneByOneKxkKernelBias());
        branches.add(avgKernelBias());
        return Transforms.addBranches(branches);   // transform II
    }

    @Override
    public void switchToDeploy() {
        if (isDeployed()) return;
        KernelBias kb = equivalentKernelBias();
        for (String child : List.of("dbb_origin", "dbb_avg", "dbb_1x1", "dbb_1x1_kxk")) unregister(child);
        dbbOrigin = dbb1x1 = null;
        dbbAvg = dbb1x1Kxk = null;
        dbbReparam = register("dbb_reparam", deployConv());
        System.arraycopy(kb.kernel().data(), 0, dbbReparam.weight.data(), 0, kb.kernel().numel());
        System.arraycopy(kb.bias().data(), 0, dbbReparam.bias.data(), 0, kb.bias().numel());
    }

    private DiverseBranchBlock train() {
        if (isDeployed()) {
            throw new IllegalStateException(name() + ": the block is in deploy form; its branches were fused into dbb_reparam"
                    + "\n  ---> HINT: read the fused kernel with equivalentKernelBias(), or build a training-form block.");
        }
        return this;
    }

    @Override
    public String describe() {
        return "DiverseBranchBlock(" + inChannels + " -> " + outChannels + ", k=" + kernelSize + ", stride=" + stride
                + (groups > 1 ? ", groups=" + groups : "") + (nonlinear != null ? ", relu" : "") + (isDeployed() ? ", deploy" : "") + ")";
    }
}
