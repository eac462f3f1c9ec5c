/*
 * The CIFAR-10 nets of ResNet Sec. 4.2: 6n+2 weighted layers on 32x32 inputs.
 *
 *   conv1 3x3, 16 -> bn1 -> relu -> layer1 (n blocks, 16) -> layer2 (n, 32, /2) -> layer3 (n, 64, /2)
 *   -> global average pool -> fc (10)
 *
 * n = 3, 5, 7, 9, 18 gives ResNet-20, 32, 44, 56, 110; shortcuts are option A (zero-padding
 * identity), so the shortcuts add no parameters (Sec. 4.2: "the same number of parameters as the
 * plain counterparts"). torchvision has no such model; names follow ResNet's (conv1, bn1, layerN, fc).
 */
package workbench.resnet;

import workbench.kernels.Conv2dSpec;
import workbench.nn.AdaptiveAvgPool2d;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Linear;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class CifarResNet extends Module {
    public final String modelName;
    public final int n;
    public final Conv2d conv1;
    public final BatchNorm2d bn1;
    public final ReLU relu;
    public final Sequential layer1, layer2, layer3;
    public final AdaptiveAvgPool2d avgpool;
    public final Linear fc;

    /** @param shortcut A (the paper's choice here), B, or NONE for the plain CIFAR nets of Fig. 6 */
    public CifarResNet(int n, ResNetConfig.Shortcut shortcut, int numClasses) {
        this.n = n;
        this.modelName = (shortcut == ResNetConfig.Shortcut.NONE ? "plain" : "resnet") + (6 * n + 2) + "_cifar";
        this.conv1 = register("conv1", new Conv2d(3, 16, 3, 3, Conv2dSpec.of(1, 1), false));
        this.bn1 = register("bn1", new BatchNorm2d(16));
        this.relu = register("relu", new ReLU());
        this.layer1 = register("layer1", stage(16, 16, n, 1, shortcut));
        this.layer2 = register("layer2", stage(16, 32, n, 2, shortcut));
        this.layer3 = register("layer3", stage(32, 64, n, 2, shortcut));
        this.avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));
        this.fc = register("fc", new Linear(64, numClasses));
    }

    private static Sequential stage(int in, int planes, int blocks, int stride, ResNetConfig.Shortcut shortcut) {
        Sequential s = new Sequential();
        for (int i = 0; i < blocks; i++) {
            int blockIn = i == 0 ? in : planes, blockStride = i == 0 ? stride : 1;
            boolean changes = blockStride != 1 || blockIn != planes;
            Module down = switch (shortcut) {
                case A -> changes ? new ShortcutA(blockIn, planes, blockStride) : null;
                case B -> changes ? LayerBuilder.projection(blockIn, planes, blockStride) : null;
                case C -> LayerBuilder.projection(blockIn, planes, blockStride);
                case NONE -> null;
            };
            s.add(new BasicBlock(blockIn, planes, blockStride, down, 1, 64, 1, shortcut != ResNetConfig.Shortcut.NONE));
        }
        return s;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(modelName + ": expected input (N, 3, H, W), got " + x.shapeString());
        }
        x = relu.call(bn1.call(conv1.call(x, ctx), ctx), ctx);
        x = layer3.call(layer2.call(layer1.call(x, ctx), ctx), ctx);
        x = ctx.kernels().flatten(avgpool.call(x, ctx), 1);
        return fc.call(x, ctx);
    }

    @Override
    public String describe() {
        return modelName + "(n=" + n + ", " + (6 * n + 2) + " layers)";
    }
}
