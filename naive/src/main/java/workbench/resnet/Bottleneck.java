/*
 * Bottleneck residual block (ResNet, He et al. 2015, Sec. 4.1, Fig. 5 right; torchvision resnet.py: Bottleneck).
 *
 *   x --conv1(1x1)--bn1--relu--conv2(3x3, stride)--bn2--relu--conv3(1x1, x4)--bn3--(+)--relu--> out
 *    \______________________ identity or downsample(x) _________________________/
 *
 * Deviation kept from torchvision: the stride sits on conv2 (3x3), i.e. "ResNet V1.5", not on conv1
 * as in the paper. ResNetConfig.Layout.PAPER moves it back (Sec. 4.1). V1.5 costs more multiply-adds
 * (the first block's 3x3 of each stage runs at the input resolution: 4.089 vs 3.858 GMACs for
 * ResNet-50) and is a little more accurate; in the paper's layout the strided 1x1 skips 3 of every
 * 4 input pixels outright.
 * width = planes * (base_width / 64) * groups: 1 for ResNet, other values give ResNeXt / Wide ResNet.
 */
package workbench.resnet;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.tensor.Tensor;

public final class Bottleneck extends Module {
    /** The last 1x1 expands the channels four-fold (Sec. 4.1: 64-d -> 256-d). */
    public static final int EXPANSION = 4;

    public final Conv2d conv1, conv2, conv3;
    public final BatchNorm2d bn1, bn2, bn3;
    public final ReLU relu;
    public final Module downsample;      // null: the identity shortcut
    public final boolean hasShortcut;
    public final int stride;

    public Bottleneck(int inplanes, int planes, int stride, Module downsample, int groups, int baseWidth,
                      int dilation, ResNetConfig.Layout layout, boolean hasShortcut) {
        int width = (int) (planes * (baseWidth / 64.0)) * groups;
        int stride1 = layout == ResNetConfig.Layout.PAPER ? stride : 1;   // paper: stride on the first 1x1
        int stride2 = layout == ResNetConfig.Layout.PAPER ? 1 : stride;   // torchvision V1.5: on the 3x3
        this.conv1 = register("conv1", new Conv2d(inplanes, width, 1, 1, Conv2dSpec.of(stride1, 0), false));
        this.bn1 = register("bn1", new BatchNorm2d(width));
        // torchvision's conv3x3 with dilation: padding = dilation keeps the size
        this.conv2 = register("conv2", new Conv2d(width, width, 3, 3, Conv2dSpec.of(stride2, dilation, dilation, groups), false));
        this.bn2 = register("bn2", new BatchNorm2d(width));
        this.conv3 = register("conv3", new Conv2d(width, planes * EXPANSION, 1, 1, Conv2dSpec.of(1, 0), false));
        this.bn3 = register("bn3", new BatchNorm2d(planes * EXPANSION));
        this.relu = register("relu", new ReLU());
        this.downsample = register("downsample", downsample);
        this.hasShortcut = hasShortcut;
        this.stride = stride;
    }

    public Bottleneck(int inplanes, int planes, int stride, Module downsample) {
        this(inplanes, planes, stride, downsample, 1, 64, 1, ResNetConfig.Layout.V1_5, true);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        Tensor out = relu.call(bn1.call(conv1.call(x, ctx), ctx), ctx);     // 1x1 reduces channels
        out = relu.call(bn2.call(conv2.call(out, ctx), ctx), ctx);          // 3x3 on the thin tensor
        out = bn3.call(conv3.call(out, ctx), ctx);                          // 1x1 restores channels
        if (hasShortcut) {
            // Eq. (1) / Eq. (2): add the (projected) input
            Tensor identity = downsample == null ? x : downsample.call(x, ctx);
            out = ctx.kernels().add(out, identity);
        }
        return relu.call(out, ctx);
    }

    @Override
    public String describe() {
        return "Bottleneck(" + conv1.inChannels + " -> " + conv3.outChannels + ", width=" + conv2.outChannels
                + ", stride=" + stride + (hasShortcut ? (downsample == null ? ", identity" : ", " + downsample.describe()) : ", plain") + ")";
    }
}
