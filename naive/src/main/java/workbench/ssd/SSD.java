/*
 * The whole detector (SSD, Liu et al. 2016, Sec. 2.1 and Fig. 2; torchvision ssd.py: SSD, ssd300_vgg16).
 *
 *   image in [0, 1] -> transform (normalise, resize to size x size) -> backbone (6 or 7 feature maps)
 *   -> head (bbox_regression, cls_logits) + anchor generator (default boxes)
 *   -> training: SsdLoss (match, encode, hard negatives) | inference: PostProcess (decode, NMS)
 * Children `backbone` and `head` carry torchvision's state_dict keys, so a torchvision-made .pth of
 * ssd300_vgg16 loads (SsdCheckpoints). The transform follows torchvision's GeneralizedRCNNTransform with
 * ssd300_vgg16's defaults: mean (0.48235, 0.45882, 0.40784), std 1/255 (pixels back in 0..255, as in caffe,
 * minus caffe's BGR means in RGB order), then a bilinear resize to 300x300.
 * Not here: training (no autograd), torchvision's batching of differently sized images (one size after resize).
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.List;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class SSD extends Module implements SsdForward {
    /** What one forward pass computes before post-processing. */
    public record Outputs(List<Tensor> features, Tensor bboxRegression, Tensor clsLogits, Tensor anchors) {}

    public static final float[] IMAGE_MEAN = {0.48235f, 0.45882f, 0.40784f};
    public static final float[] IMAGE_STD = {1f / 255f, 1f / 255f, 1f / 255f};

    public final SsdConfig config;
    public final SSDFeatureExtractorVGG backbone;
    public final SSDHead head;
    public final DefaultBoxGenerator anchorGenerator;
    public PostProcess postProcess = PostProcess.torchvision();
    public SsdLoss loss = SsdLoss.torchvision();

    public SSD(SsdConfig config) {
        this.config = config;
        this.backbone = register("backbone", new SSDFeatureExtractorVGG(config.highres(), config.caffeExtras()));
        this.head = register("head", new SSDHead(config.outChannels(), config.numAnchors(), config.numClasses()));
        this.anchorGenerator = config.anchorGenerator();
    }

    /** Backbone, heads and anchors for a normalised batch x (N, 3, H, W). */
    @Override
    public Outputs run(Tensor x, Context ctx) {
        return fromFeatures(backbone.featureMaps(x, ctx), x.dim(2), x.dim(3), ctx);
    }

    /** The heads and the default boxes for the backbone's feature maps of an h x w input. */
    public Outputs fromFeatures(List<Tensor> features, int h, int w, Context ctx) {
        SSDHead.Outputs o = head.apply(features, ctx);
        return new Outputs(features, o.bboxRegression(), o.clsLogits(), anchors(features, h, w, ctx));
    }

    /** The default boxes for the feature maps' grids and an h x w input (recorded as "anchors"). */
    public Tensor anchors(List<Tensor> features, int h, int w, Context ctx) {
        int[][] grids = new int[features.size()][];
        for (int i = 0; i < grids.length; i++) grids[i] = new int[] {features.get(i).dim(2), features.get(i).dim(3)};
        Tensor anchors = anchorGenerator.anchors(grids, h, w);
        ctx.trace().record("anchors", anchors);
        return anchors;
    }

    /** Detections for every image of a normalised batch, in the batch's pixel coordinates. */
    public List<Detections> detect(Tensor x, Context ctx) {
        Outputs o = run(x, ctx);
        List<Detections> out = new ArrayList<>();
        for (int b = 0; b < x.dim(0); b++) out.add(postProcess.apply(o.bboxRegression(), o.clsLogits(), b, o.anchors(), x.dim(2), x.dim(3)));
        return out;
    }

    /** Detections for one image (3, H, W) in [0, 1], with boxes in that image's pixels (transform + postprocess). */
    public Detections detectImage(Tensor image, Context ctx) {
        Tensor x = transform(image);
        Detections d = detect(x, ctx).get(0);
        return d.scaled((float) image.dim(2) / config.size(), (float) image.dim(1) / config.size());
    }

    /** GeneralizedRCNNTransform for one image (3, H, W) in [0, 1]: normalise, then bilinear resize to size x size. */
    public Tensor transform(Tensor image) {
        if (image.rank() != 3 || image.dim(0) != 3) {
            throw new IllegalArgumentException(config.name() + ": expected an RGB image (3, H, W) in [0, 1], got " + image.shapeString());
        }
        int h = image.dim(1), w = image.dim(2);
        Tensor norm = Tensor.zeros(1, 3, h, w);
        float[] s = image.data(), d = norm.data();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < h * w; i++) d[c * h * w + i] = (s[c * h * w + i] - IMAGE_MEAN[c]) / IMAGE_STD[c];
        }
        return Resize.bilinear(norm, config.size(), config.size());
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return run(x, ctx).clsLogits();
    }

    @Override
    public String describe() {
        return config.name() + "(VGG16, " + config.numClasses() + " classes, " + config.numAnchors().length + " feature maps)";
    }
}
