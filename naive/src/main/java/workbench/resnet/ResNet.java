/*
 * ResNet for ImageNet (He et al. 2015, Sec. 3.3 and Table 1; torchvision resnet.py: ResNet, _make_layer).
 *
 *   conv1 7x7/2 -> bn1 -> relu -> maxpool 3x3/2 -> layer1 .. layer4 -> avgpool -> flatten -> fc
 *
 * Field and child names are torchvision's, so `stateDict()` has exactly its keys
 * (`conv1.weight`, `layer1.0.conv1.weight`, `layer1.0.downsample.0.weight`, `fc.bias`) and a
 * torchvision checkpoint loads by name. Parameters start at zero (BN at gamma = 1, var = 1):
 * load a checkpoint, or call ResNets.randomize, before expecting anything meaningful.
 */
package workbench.resnet;

import workbench.kernels.Conv2dSpec;
import workbench.kernels.Pool2dSpec;
import workbench.nn.AdaptiveAvgPool2d;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Linear;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class ResNet extends Module {
    public final ResNetConfig config;
    public final Conv2d conv1;
    public final BatchNorm2d bn1;
    public final ReLU relu;
    public final MaxPool2d maxpool;
    public final Sequential layer1, layer2, layer3, layer4;
    public final AdaptiveAvgPool2d avgpool;
    public final Linear fc;

    public ResNet(ResNetConfig config) {
        this.config = config;
        int inplanes = 64;
        // Sec. 3.4 / Table 1 "conv1": 7x7, 64, stride 2, then 3x3 max pool, stride 2
        this.conv1 = register("conv1", new Conv2d(3, inplanes, 7, 7, Conv2dSpec.of(2, 3), false));
        this.bn1 = register("bn1", new BatchNorm2d(inplanes));
        this.relu = register("relu", new ReLU());
        this.maxpool = register("maxpool", new MaxPool2d(Pool2dSpec.of(3, 2, 1, false)));
        boolean[] dilate = config.replaceStrideWithDilation();
        // Table 1 "conv2_x" .. "conv5_x": 64, 128, 256, 512 planes (basePlanes = 64); stages 2..4 halve the size
        int base = config.basePlanes();
        LayerBuilder stages = new LayerBuilder(config, inplanes, 1);
        this.layer1 = register("layer1", stages.makeLayer(base, config.layers()[0], 1, false));
        this.layer2 = register("layer2", stages.makeLayer(2 * base, config.layers()[1], 2, dilate[0]));
        this.layer3 = register("layer3", stages.makeLayer(4 * base, config.layers()[2], 2, dilate[1]));
        this.layer4 = register("layer4", stages.makeLayer(8 * base, config.layers()[3], 2, dilate[2]));
        this.avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));
        this.fc = register("fc", new Linear(8 * base * config.expansion(), config.numClasses()));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(config.name() + ": expected input (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: ResNet takes RGB images as NCHW float32, normalised per channel.");
        }
        if (x.dim(2) < 32 || x.dim(3) < 32) {
            throw new IllegalArgumentException(config.name() + ": input " + x.shapeString()
                    + " is too small; H and W must be >= 32 (five stride-2 steps)");
        }
        x = stem(x, ctx);
        x = layer1.call(x, ctx);
        x = layer2.call(x, ctx);
        x = layer3.call(x, ctx);
        x = layer4.call(x, ctx);
        x = avgpool.call(x, ctx);
        x = ctx.kernels().flatten(x, 1);
        return fc.call(x, ctx);
    }

    /** conv1 -> bn1 -> relu -> maxpool: 224x224 in, 56x56 out. */
    public Tensor stem(Tensor x, Context ctx) {
        x = conv1.call(x, ctx);
        x = bn1.call(x, ctx);
        x = relu.call(x, ctx);
        return maxpool.call(x, ctx);
    }

    public Sequential layer(int i) {
        return switch (i) {
            case 1 -> layer1;
            case 2 -> layer2;
            case 3 -> layer3;
            case 4 -> layer4;
            default -> throw new IllegalArgumentException("ResNet has layer1..layer4, not layer" + i);
        };
    }

    @Override
    public String describe() {
        return config.name() + "(" + config.block() + " " + java.util.Arrays.toString(config.layers()) + ", layout "
                + config.layout() + ", shortcut " + config.shortcut() + ", " + config.numClasses() + " classes)";
    }
}
