/*
 * torchvision's ResNet._make_layer with the running state it keeps on the model (self.inplanes,
 * self.dilation), as its own object so a single stage can be built and checked alone
 * (ResNet Sec. 3.3, Table 1: "conv2_x" .. "conv5_x"; torchvision resnet.py: _make_layer).
 *
 * A stage is `blocks` blocks of `planes`: the first may stride and gets the shortcut that
 * ResNetConfig.shortcut asks for when the shape changes; the rest keep the shape.
 * With dilate (DeepLab's replace_stride_with_dilation), the stride becomes dilation instead, and
 * the stage's first block still uses the previous dilation - torchvision's rule.
 */
package workbench.resnet;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.Sequential;

public final class LayerBuilder {
    private final ResNetConfig config;
    private int inplanes;
    private int dilation;

    public LayerBuilder(ResNetConfig config, int inplanes, int dilation) {
        this.config = config;
        this.inplanes = inplanes;
        this.dilation = dilation;
    }

    /** Channels the next stage will receive. */
    public int inplanes() { return inplanes; }

    public Sequential makeLayer(int planes, int blocks, int stride, boolean dilate) {
        int previousDilation = dilation;
        if (dilate) {
            dilation *= stride;
            stride = 1;
        }
        int outChannels = planes * config.expansion();
        Sequential layer = new Sequential();
        layer.add(makeBlock(inplanes, planes, stride, shortcutFor(inplanes, outChannels, stride), previousDilation));
        inplanes = outChannels;
        for (int i = 1; i < blocks; i++) {
            layer.add(makeBlock(inplanes, planes, 1, shortcutFor(inplanes, outChannels, 1), dilation));
        }
        return layer;
    }

    /** Sec. 3.2 / Table 3: which shortcut a block gets under options A, B, C (null = identity). */
    private Module shortcutFor(int in, int out, int stride) {
        boolean shapeChanges = stride != 1 || in != out;
        return switch (config.shortcut()) {
            case NONE -> null;
            case A -> shapeChanges ? new ShortcutA(in, out, stride) : null;
            case B -> shapeChanges ? projection(in, out, stride) : null;
            case C -> projection(in, out, stride);
        };
    }

    /** Eq. (2)'s W_s: conv1x1 (stride) + BN, named downsample.0 and downsample.1 as in torchvision. */
    public static Sequential projection(int in, int out, int stride) {
        return new Sequential(new Conv2d(in, out, 1, 1, Conv2dSpec.of(stride, 0), false), new BatchNorm2d(out));
    }

    private Module makeBlock(int in, int planes, int stride, Module downsample, int blockDilation) {
        boolean shortcut = config.shortcut() != ResNetConfig.Shortcut.NONE;
        return config.block() == ResNetConfig.BlockType.BASIC
                ? new BasicBlock(in, planes, stride, downsample, config.groups(), config.widthPerGroup(), blockDilation, shortcut)
                : new Bottleneck(in, planes, stride, downsample, config.groups(), config.widthPerGroup(), blockDilation,
                        config.layout(), shortcut);
    }
}
