/*
 * ACNet's asymmetric convolution block (Ding et al. 2019, "ACNet: Strengthening the Kernel Skeletons
 * for Powerful CNN via Asymmetric Convolution Blocks"; DingXiaoH/DiverseBranchBlock acb.py: ACBlock).
 *
 *   x ------------------- square_conv KxK (padding p) -- square_bn --+
 *   x [crop columns] ---- ver_conv Kx1 ----------------- ver_bn ------(+)-- nonlinear (Identity by default)
 *   x [crop rows] ------- hor_conv 1xK ----------------- hor_bn ------+
 *
 * Alignment: the Kx1 conv must see the same windows as the centre column of the KxK conv. With
 * p >= K/2 that is padding (p, p - K/2) for Kx1 and (p - K/2, p) for 1xK. With p < K/2 the
 * needed padding is negative, i.e. a crop: crop = K/2 - p columns (Kx1) or rows (1xK) from each
 * side, then padding (p, 0) / (0, p).
 * Fusion: BN-fold each branch (DBB transform I), add the Kx1 kernel into the centre column and the
 * 1xK kernel into the centre row of the KxK kernel (transform VI), sum the biases (transform II).
 * Deploy: "fused_conv", KxK, stride s, padding p, groups g, with bias.
 * Not here: dilation, use_affine=False, nonlinearities other than ReLU (the official default is Identity).
 */
package workbench.reparam;

import java.util.List;
import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.tensor.Tensor;

public final class ACBlock extends Module implements Reparameterizable {
    public final int inChannels, outChannels, kernelSize, stride, padding, groups, crop;
    /** The official `nonlinear` argument: null = nn.Identity (the default), or a ReLU applied after the sum. */
    public final ReLU nonlinear;
    private Conv2d squareConv, verConv, horConv, fusedConv;
    private BatchNorm2d squareBn, verBn, horBn;

    public ACBlock(int in, int out, int kernelSize, int stride, int padding, int groups, boolean deploy) {
        this(in, out, kernelSize, stride, padding, groups, deploy, false);
    }

    /** With {@code reluNonlinear}, the official nonlinear=nn.ReLU(): applied after the sum, kept in deploy form. */
    public ACBlock(int in, int out, int kernelSize, int stride, int padding, int groups, boolean deploy, boolean reluNonlinear) {
        String what = "ACBlock(" + in + " -> " + out + ", k=" + kernelSize + ", stride " + stride + ", padding " + padding + ")";
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException(what + ": needs an odd kernel size (the Kx1 and 1xK kernels sit on the centre row/column)");
        }
        if (padding < 0) throw new IllegalArgumentException(what + ": padding must be >= 0");
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(what + ": in and out channels must both be divisible by groups " + groups);
        }
        this.inChannels = in;
        this.outChannels = out;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        int half = kernelSize / 2;
        this.crop = padding >= half ? 0 : half - padding;
        this.nonlinear = reluNonlinear ? register("nonlinear", new ReLU()) : null;
        if (deploy) {
            fusedConv = register("fused_conv", squareConv(true));
            return;
        }
        squareConv = register("square_conv", squareConv(false));
        squareBn = register("square_bn", new BatchNorm2d(out));
        // (padH, padW): Kx1 pads like the square conv vertically and K/2 less horizontally
        int verPadW = crop > 0 ? 0 : padding - half, horPadH = crop > 0 ? 0 : padding - half;
        verConv = register("ver_conv", new Conv2d(in, out, kernelSize, 1, new Conv2dSpec(stride, stride, padding, verPadW, 1, 1, groups), false));
        horConv = register("hor_conv", new Conv2d(in, out, 1, kernelSize, new Conv2dSpec(stride, stride, horPadH, padding, 1, 1, groups), false));
        verBn = register("ver_bn", new BatchNorm2d(out));
        horBn = register("hor_bn", new BatchNorm2d(out));
    }

    private Conv2d squareConv(boolean bias) {
        return new Conv2d(inChannels, outChannels, kernelSize, kernelSize, Conv2dSpec.of(stride, padding, 1, groups), bias);
    }

    @Override
    public boolean isDeployed() { return fusedConv != null; }

    public Conv2d fusedConv() { return fusedConv; }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + inChannels + ", H, W), got " + x.shapeString());
        }
        if (isDeployed()) return nonlinear(fusedConv.call(x, ctx), ctx);
        Tensor square = squareBn.call(squareConv.call(x, ctx), ctx);
        Tensor xVer = crop > 0 ? ReparamOps.crop(x, 0, crop) : x;       // x[:, :, :, crop:-crop]
        Tensor xHor = crop > 0 ? ReparamOps.crop(x, crop, 0) : x;       // x[:, :, crop:-crop, :]
        Tensor ver = verBn.call(verConv.call(xVer, ctx), ctx);
        Tensor hor = horBn.call(horConv.call(xHor, ctx), ctx);
        return nonlinear(ctx.kernels().add(ctx.kernels().add(square, ver), hor), ctx);
    }

    private Tensor nonlinear(Tensor y, Context ctx) {
        return nonlinear == null ? y : nonlinear.call(y, ctx);      // null: nn.Identity, the official default
    }

    public KernelBias squareKernelBias() { return Transforms.fuseBn(train().squareConv.weight, squareBn); }
    public KernelBias verKernelBias() { return Transforms.fuseBn(train().verConv.weight, verBn); }
    public KernelBias horKernelBias() { return Transforms.fuseBn(train().horConv.weight, horBn); }

    @Override
    public KernelBias equivalentKernelBias() {
        if (isDeployed()) return new KernelBias(fusedConv.weight.copy(), fusedConv.bias.copy());
        // the Kx1 kernel lands on the centre column, the 1xK on the centre row (transform VI), then II
        return Transforms.addBranches(List.of(
                squareKernelBias(),
                Transforms.padToKernel(horKernelBias(), kernelSize, kernelSize),
                Transforms.padToKernel(verKernelBias(), kernelSize, kernelSize)));
    }

    @Override
    public void switchToDeploy() {
        if (isDeployed()) return;
        KernelBias kb = equivalentKernelBias();
        for (String c : List.of("square_conv", "square_bn", "ver_conv", "hor_conv", "ver_bn", "hor_bn")) unregister(c);
        squareConv = verConv = horConv = null;
        squareBn = verBn = horBn = null;
        fusedConv = register("fused_conv", squareConv(true));
        System.arraycopy(kb.kernel().data(), 0, fusedConv.weight.data(), 0, kb.kernel().numel());
        System.arraycopy(kb.bias().data(), 0, fusedConv.bias.data(), 0, kb.bias().numel());
    }

    private ACBlock train() {
        if (isDeployed()) {
            throw new IllegalStateException(name() + ": the block is in deploy form; its branches were fused into fused_conv"
                    + "\n  ---> HINT: read the fused kernel with equivalentKernelBias().");
        }
        return this;
    }

    @Override
    public String describe() {
        return "ACBlock(" + inChannels + " -> " + outChannels + ", k=" + kernelSize + ", stride=" + stride + ", padding=" + padding
                + (crop > 0 ? ", crop=" + crop : "") + (nonlinear != null ? ", relu" : "") + (isDeployed() ? ", deploy" : "") + ")";
    }
}
