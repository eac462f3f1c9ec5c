/*
 * VGG-19 (Simonyan & Zisserman 2015, config E), built only to count its cost: ResNet Sec. 3.3 and
 * Fig. 3 compare the 34-layer nets with VGG-19's 19.6 billion FLOPs (multiply-adds).
 * 16 conv 3x3 layers (64, 64, M, 128, 128, M, 256 x4, M, 512 x4, M, 512 x4, M) and three FC layers.
 * Names follow torchvision's vgg.py (features.N, classifier.N) so parameter counts compare.
 */
package workbench.resnet;

import workbench.kernels.Conv2dSpec;
import workbench.kernels.Pool2dSpec;
import workbench.nn.AdaptiveAvgPool2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Linear;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class Vgg19 extends Module {
    private static final int[] CONFIG_E = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

    public final Sequential features, classifier;
    public final AdaptiveAvgPool2d avgpool;

    public Vgg19() {
        Sequential f = new Sequential();
        int in = 3;
        for (int c : CONFIG_E) {
            if (c == 0) {
                f.add(new MaxPool2d(Pool2dSpec.of(2, 2, 0, false)));   // "M"
            } else {
                f.add(new Conv2d(in, c, 3, 3, Conv2dSpec.of(1, 1), true));
                f.add(new ReLU());
                in = c;
            }
        }
        this.features = register("features", f);
        this.avgpool = register("avgpool", new AdaptiveAvgPool2d(7, 7));
        this.classifier = register("classifier", new Sequential(new Linear(512 * 7 * 7, 4096), new ReLU(),
                new Linear(4096, 4096), new ReLU(), new Linear(4096, 1000)));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        x = avgpool.call(features.call(x, ctx), ctx);
        return classifier.call(ctx.kernels().flatten(x, 1), ctx);
    }
}
