/*
 * DeepLabV3 as torchvision builds it (DeepLabv3, Chen et al. 2017, its Section 3.3; lesson Sec. 1.9, ASPP Sec. 1.3; torchvision
 * models/segmentation/deeplabv3.py: DeepLabV3, DeepLabHead, _deeplabv3_resnet; _utils.py:
 * _SimpleSegmentationModel; fcn.py: FCNHead). This is the model of torchvision's deeplabv3_resnet50/101
 * checkpoints, the ones people have; it has no decoder (that is what v3+ adds, Sec. 1.4):
 *
 *   image --backbone (dilated ResNet, OS 8) --layer4--> classifier: 0 ASPP(12, 24, 36) 1 conv3x3 2 BN 3 ReLU 4 conv1x1
 *         --bilinear (align_corners=False) up to the image size--> logits ("out")
 *                                          --layer3--> aux_classifier: 0 conv3x3 1 BN 2 ReLU 3 Dropout(0.1) 4 conv1x1
 *         --bilinear up to the image size--> "aux" (only in checkpoints trained with aux_loss; traced, not returned)
 *
 * Keys: `backbone.*` as in v3+ (no fc), `classifier.0.convs.*` / `classifier.0.project.*` (the ASPP, shared
 * with v3+), `classifier.1.weight`, `classifier.2.*`, `classifier.4.{weight,bias}`, `aux_classifier.{0,1,4}.*`.
 * Naive reference; the vectorized twin runs it op by op through Kernels.
 */
package workbench.portrait;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.resnet.ResNet;
import workbench.tensor.Tensor;

public final class DeepLabV3 extends Module {
    public final DeepLabV3Config config;
    public final DeepLabV3Plus.Backbone backbone;
    public final Sequential classifier;
    public final Sequential auxClassifier;      // null without aux

    public DeepLabV3(DeepLabV3Config config) {
        this.config = config;
        this.backbone = register("backbone", new DeepLabV3Plus.Backbone(new ResNet(config.backbone())));
        int expansion = config.backbone().expansion(), base = config.backbone().basePlanes();
        int c = config.headChannels();
        // DeepLabHead(2048, num_classes): ASPP, then 3x3 conv -> BN -> ReLU, then the 1x1 to the classes (with bias)
        this.classifier = register("classifier", new Sequential(new ASPP(8 * base * expansion, config.atrousRates(), c),
                new Conv2d(c, c, 3, 3, Conv2dSpec.of(1, 1), false), new BatchNorm2d(c), new ReLU(),
                new Conv2d(c, config.numClasses(), 1, 1, Conv2dSpec.of(1, 0), true)));
        if (config.aux()) {
            // FCNHead(1024, num_classes): inter_channels = in_channels // 4
            int in = 4 * base * expansion, inter = in / 4;
            this.auxClassifier = register("aux_classifier", new Sequential(new Conv2d(in, inter, 3, 3, Conv2dSpec.of(1, 1), false),
                    new BatchNorm2d(inter), new ReLU(), new Dropout(0.1), new Conv2d(inter, config.numClasses(), 1, 1, Conv2dSpec.of(1, 0), true)));
        } else {
            this.auxClassifier = null;
        }
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(config.name() + ": expected input (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: DeepLabV3 takes RGB images as NCHW float32, normalised with ImageNet mean/std.");
        }
        Tensor y = backbone.untilLayer1(x, ctx);
        y = backbone.layer(2, y, ctx);
        Tensor layer3 = backbone.layer(3, y, ctx);
        Tensor out = backbone.layer(4, layer3, ctx);
        // _SimpleSegmentationModel: F.interpolate(x, size=input_shape, mode="bilinear", align_corners=False)
        Tensor logits = Bilinear.resize(classifier.call(out, ctx), x.dim(2), x.dim(3), false);
        if (auxClassifier != null && ctx.trace().wants("aux")) {
            ctx.trace().record("aux", Bilinear.resize(auxClassifier.call(layer3, ctx), x.dim(2), x.dim(3), false));
        }
        return logits;
    }

    @Override
    public String describe() {
        return config.name() + "(output stride " + config.outputStride() + ", " + config.numClasses() + " classes"
                + (config.aux() ? ", aux head" : "") + ")";
    }
}
