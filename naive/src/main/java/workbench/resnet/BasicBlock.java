/*
 * BasicBlock: two 3x3 convolutions with a shortcut (ResNet, He et al. 2015, Sec. 3.3, Fig. 2 left;
 * torchvision resnet.py: BasicBlock). Used by ResNet-18/34 and the CIFAR nets of Sec. 4.2.
 *
 *   x --conv1(3x3, stride)--bn1--relu--conv2(3x3)--bn2--(+)--relu--> out
 *    \______________ identity or downsample(x) ________/
 *
 * Naive reference: the arithmetic is in Kernels; this class is the wiring, line for line as
 * torchvision's forward. With hasShortcut = false it is the plain block of Sec. 3.3.
 */
package workbench.resnet;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.tensor.Tensor;

public final class BasicBlock extends Module {
    /** Output channels = planes * expansion; 1 for BasicBlock. */
    public static final int EXPANSION = 1;

    public final Conv2d conv1, conv2;
    public final BatchNorm2d bn1, bn2;
    public final ReLU relu;
    public final Module downsample;      // null: the identity shortcut
    public final boolean hasShortcut;    // false: plain net, no addition at all
    public final int stride;

    public BasicBlock(int inplanes, int planes, int stride, Module downsample, int groups, int baseWidth,
                      int dilation, boolean hasShortcut) {
        // torchvision refuses these too: BasicBlock has no grouped or dilated variant
        if (groups != 1 || baseWidth != 64) {
            throw new IllegalArgumentException("BasicBlock only supports groups=1 and base_width=64, got groups="
                    + groups + ", base_width=" + baseWidth);
        }
        if (dilation > 1) throw new IllegalArgumentException("Dilation > 1 not supported in BasicBlock (use Bottleneck)");
        this.conv1 = register("conv1", conv3x3(inplanes, planes, stride));
        this.bn1 = register("bn1", new BatchNorm2d(planes));
        this.relu = register("relu", new ReLU());
        this.conv2 = register("conv2", conv3x3(planes, planes, 1));
        this.bn2 = register("bn2", new BatchNorm2d(planes));
        this.downsample = register("downsample", downsample);
        this.hasShortcut = hasShortcut;
        this.stride = stride;
    }

    public BasicBlock(int inplanes, int planes, int stride, Module downsample) {
        this(inplanes, planes, stride, downsample, 1, 64, 1, true);
    }

    /** torchvision's conv3x3: padding 1, no bias (BN follows, Sec. 3.4). */
    static Conv2d conv3x3(int in, int out, int stride) {
        return new Conv2d(in, out, 3, 3, Conv2dSpec.of(stride, 1), false);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        Tensor out = conv1.call(x, ctx);
        out = bn1.call(out, ctx);
        out = relu.call(out, ctx);
        out = conv2.call(out, ctx);
        out = bn2.call(out, ctx);                   // F(x, {W_i}): the residual branch
        if (hasShortcut) {
            // Eq. (1): y = F(x, {W_i}) + x, or Eq. (2): y = F(x, {W_i}) + W_s x when shapes change
            Tensor identity = downsample == null ? x : downsample.call(x, ctx);
            out = ctx.kernels().add(out, identity);
        }
        return relu.call(out, ctx);
    }

    @Override
    public String describe() {
        return "BasicBlock(" + conv1.inChannels + " -> " + conv2.outChannels + ", stride=" + stride
                + (hasShortcut ? (downsample == null ? ", identity" : ", " + downsample.describe()) : ", plain") + ")";
    }
}
