/*
 * DeepLabv3+ with a dilated ResNet encoder (Chen et al. 2018; lesson Sec. 1.1 atrous
 * convolution, Sec. 1.4 the encoder-decoder; VainF/DeepLabV3Plus-Pytorch network/modeling.py: _segm_resnet,
 * network/utils.py: _SimpleSegmentationModel; torchvision models/_utils.py: IntermediateLayerGetter).
 *
 *   image --backbone: conv1 bn1 relu maxpool layer1 (= low_level, stride 4) layer2 layer3 layer4 (= out)
 *         --classifier: DeepLabHeadV3Plus(out, low_level) --bilinear up to the image size--> logits
 *
 * State-dict keys are VainF's: `backbone.conv1.weight`, `backbone.layer4.2.bn3.running_var`,
 * `classifier.aspp.convs.4.1.weight`, ... (no `backbone.fc`: IntermediateLayerGetter drops avgpool and fc).
 * The backbone is ResNet's own stages built with replace_stride_with_dilation (Sec. 1.2, output stride),
 * including torchvision's rule that a dilated stage's first block keeps the previous dilation.
 * Naive reference; the vectorized twin prepares it as one fused NHWC plan (FastDeepLab).
 * Elsewhere: checkpoint loading (DeepLabCheckpoints), the person probability (matte.PersonProbability).
 * Not here: TF's separable convs and pool-first order.
 */
package workbench.portrait;

import workbench.nn.Context;
import workbench.nn.Module;
import workbench.resnet.ResNet;
import workbench.tensor.Tensor;

public final class DeepLabV3Plus extends Module {
    public final DeepLabConfig config;
    public final Backbone backbone;
    public final DeepLabHeadV3Plus classifier;

    public DeepLabV3Plus(DeepLabConfig config) {
        this.config = config;
        ResNet resnet = new ResNet(config.backbone());
        this.backbone = register("backbone", new Backbone(resnet));
        int expansion = config.backbone().expansion(), base = config.backbone().basePlanes();   // 2048 and 256 for ResNet-50/101
        this.classifier = register("classifier", new DeepLabHeadV3Plus(8 * base * expansion, base * expansion, config.numClasses(),
                config.atrousRates(), config.decoderConvs(), config.alignCorners(), config.asppOut(), config.lowOut()));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(config.name() + ": expected input (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: DeepLab takes RGB images as NCHW float32, normalised with ImageNet mean/std.");
        }
        Tensor lowLevel = backbone.untilLayer1(x, ctx);
        Tensor out = backbone.fromLayer2(lowLevel, ctx);
        Tensor logits = classifier.forward(out, lowLevel, ctx);
        // _SimpleSegmentationModel: F.interpolate(x, size=input_shape, mode="bilinear", align_corners=False) (VainF);
        // TF resizes the logits with align_corners=True
        return Bilinear.resize(logits, x.dim(2), x.dim(3), config.alignCorners());
    }

    @Override
    public String describe() {
        return config.name() + "(output stride " + config.outputStride() + ", " + config.numClasses() + " classes, "
                + config.decoderConvs() + " decoder conv(s), align_corners=" + config.alignCorners() + ")";
    }

    /**
     * IntermediateLayerGetter(resnet, {'layer1': 'low_level', 'layer4': 'out'}): the ResNet's children
     * up to layer4 under their own names, without avgpool and fc.
     */
    public static final class Backbone extends Module {
        private final ResNet resnet;

        public Backbone(ResNet resnet) {
            this.resnet = resnet;
            register("conv1", resnet.conv1);
            register("bn1", resnet.bn1);
            register("relu", resnet.relu);
            register("maxpool", resnet.maxpool);
            for (int i = 1; i <= 4; i++) register("layer" + i, resnet.layer(i));
        }

        /** The ResNet whose stages these are (for a prepared form that rebuilds them). */
        public ResNet resnet() { return resnet; }

        /** conv1 .. layer1: the low-level features at stride 4. */
        public Tensor untilLayer1(Tensor x, Context ctx) {
            Tensor y = resnet.conv1.call(x, ctx);
            y = resnet.bn1.call(y, ctx);
            y = resnet.relu.call(y, ctx);
            y = resnet.maxpool.call(y, ctx);
            return resnet.layer1.call(y, ctx);
        }

        /** One stage, layer1 .. layer4, on the previous stage's output. */
        public Tensor layer(int i, Tensor x, Context ctx) {
            return resnet.layer(i).call(x, ctx);
        }

        /** layer2 .. layer4: the encoder output at the output stride (Sec. 1.2). */
        public Tensor fromLayer2(Tensor lowLevel, Context ctx) {
            Tensor y = resnet.layer2.call(lowLevel, ctx);
            y = resnet.layer3.call(y, ctx);
            return resnet.layer4.call(y, ctx);
        }

        @Override
        protected Tensor forward(Tensor x, Context ctx) {
            return fromLayer2(untilLayer1(x, ctx), ctx);
        }

        @Override
        public String describe() { return "IntermediateLayerGetter(" + resnet.describe() + ")"; }
    }
}
