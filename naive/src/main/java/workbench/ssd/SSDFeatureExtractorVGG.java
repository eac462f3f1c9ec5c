/*
 * The SSD base network: VGG16 cut and extended (SSD, Liu et al. 2016, Sec. 3 "base network" and Fig. 2;
 * torchvision ssd.py: SSDFeatureExtractorVGG, _vgg_extractor; caffe: ssd_pascal.py VGGNetBody + AddExtraLayers).
 *
 *   features  VGG16 conv1_1 ... conv4_3 + ReLU (torchvision vgg16().features[0:23]); pool3 in ceil mode so
 *             75 -> 38 (not 37) at 300x300, as caffe's pooling rounds up
 *   L2Norm    on conv4_3, learnable scale_weight (init 20)                       -> feature map 0 (38x38x512)
 *   extra.0   pool4, conv5_1..conv5_3 (features[23:30]), then the former fully connected layers:
 *             pool5 3x3 stride 1 padding 1 (instead of 2x2 stride 2), fc6 as a 3x3 conv with dilation 6
 *             ("atrous", 1024 channels), fc7 as a 1x1 conv                     -> feature map 1 (19x19x1024)
 *   extra.1   conv8_1 1x1 256,  conv8_2 3x3/2 pad 1, 512                     -> 10x10x512
 *   extra.2   conv9_1 1x1 128,  conv9_2 3x3/2 pad 1, 256                     -> 5x5x256
 *   extra.3   conv10_1 1x1 128, conv10_2 3x3 pad 0, 256                      -> 3x3x256
 *   extra.4   conv11_1 1x1 128, conv11_2 3x3 pad 0, 256                      -> 1x1x256
 *   extra.5   (SSD512 only) conv12_1 1x1 128, conv12_2 4x4, 256
 * Children keep torchvision's indices, so state_dict keys are exactly ssd300_vgg16's
 * (`backbone.features.21.weight`, `backbone.extra.0.7.1.weight` for fc6, `backbone.scale_weight`).
 * caffe's SSD512 (config.caffeExtras) strides conv10_2 and conv11_2 by 2 with padding 1 and pads conv12_2 by 1:
 * same weights, other feature-map sizes (see SsdConfig).
 * Not here: the frozen-layer bookkeeping of trainable_backbone_layers (no training here).
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.List;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.Pool2dSpec;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class SSDFeatureExtractorVGG extends Module {
    /** torchvision vgg.py cfgs["D"]: channels of each 3x3 conv, 0 for a 2x2 max pool. */
    static final int[] VGG16_CFG = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

    /** Index of pool4 in vgg16().features: `features` ends just before it (torchvision's maxpool4_pos). */
    static final int MAXPOOL4_POS = 23;

    public final Tensor scale_weight;
    public final Sequential features;
    public final ModuleList extra;
    private final boolean highres;

    public SSDFeatureExtractorVGG(boolean highres, boolean caffeExtras) {
        this.highres = highres;
        // registered first, as in torchvision, so it is the first state_dict key
        this.scale_weight = parameter("scale_weight", 512);
        java.util.Arrays.fill(scale_weight.data(), L2Norm.INITIAL_SCALE);

        List<Module> vgg = vgg16Features();
        Sequential conv4 = new Sequential();
        for (int i = 0; i < MAXPOOL4_POS; i++) conv4.add(vgg.get(i));
        this.features = register("features", conv4);

        // Sec. 3: "we convert fc6 and fc7 to convolutional layers ... change pool5 from 2x2-s2 to 3x3-s1,
        // and use the a trous algorithm to fill the holes"
        Sequential fc = new Sequential(
                new MaxPool2d(Pool2dSpec.of(3, 1, 1, false)),
                new Conv2d(512, 1024, 3, 3, Conv2dSpec.of(1, 6, 6, 1), true),   // fc6, dilation 6
                new ReLU(),
                new Conv2d(1024, 1024, 1, 1, Conv2dSpec.of(1, 0), true),         // fc7
                new ReLU());
        Sequential block0 = new Sequential();
        for (int i = MAXPOOL4_POS; i < vgg.size() - 1; i++) block0.add(vgg.get(i));   // pool4, conv5_x; pool5 skipped
        block0.add(fc);

        ModuleList ex = new ModuleList();
        ex.add(block0);
        ex.add(extraBlock(1024, 256, 512, 3, 2, 1));                         // conv8_1, conv8_2
        ex.add(extraBlock(512, 128, 256, 3, 2, 1));                          // conv9_1, conv9_2
        ex.add(extraBlock(256, 128, 256, 3, caffeExtras ? 2 : 1, caffeExtras ? 1 : 0));   // conv10_x
        ex.add(extraBlock(256, 128, 256, 3, caffeExtras ? 2 : 1, caffeExtras ? 1 : 0));   // conv11_x
        if (highres) ex.add(extraBlock(256, 128, 256, 4, 1, caffeExtras ? 1 : 0));       // conv12_x (SSD512)
        this.extra = register("extra", ex);
    }

    /** torchvision vgg16().features: conv3x3(pad 1) + ReLU per channel entry, MaxPool2d(2, 2) per 0; pool3 in ceil mode. */
    static List<Module> vgg16Features() {
        List<Module> layers = new ArrayList<>();
        int in = 3, pools = 0;
        for (int v : VGG16_CFG) {
            if (v == 0) {
                pools++;
                // torchvision patches ceil_mode on the third pool "to get the same WxH output sizes as the paper"
                layers.add(new MaxPool2d(Pool2dSpec.of(2, 2, 0, pools == 3)));
            } else {
                layers.add(new Conv2d(in, v, 3, 3, Conv2dSpec.of(1, 1), true));
                layers.add(new ReLU());
                in = v;
            }
        }
        return layers;
    }

    private static Sequential extraBlock(int in, int mid, int out, int k, int stride, int pad) {
        return new Sequential(
                new Conv2d(in, mid, 1, 1, Conv2dSpec.of(1, 0), true),
                new ReLU(),
                new Conv2d(mid, out, k, k, Conv2dSpec.of(stride, pad), true),
                new ReLU());
    }

    /**
     * The feature maps the heads read, in order (torchvision returns them as OrderedDict "0", "1", ...):
     * L2Norm(conv4_3) * scale, fc7, conv8_2, conv9_2, conv10_2, conv11_2 (and conv12_2 for SSD512).
     * Each is also recorded in the trace under `backbone.out.<i>`.
     */
    public List<Tensor> featureMaps(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(name() + ": expected an image batch (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: SSD takes RGB images normalised as SSD.transform does, NCHW float32.");
        }
        List<Tensor> out = new ArrayList<>();
        Tensor h = features.call(x, ctx);
        // Sec. 3: conv4_3 "has a different feature scale"; L2 normalise it and learn a scale per channel
        out.add(L2Norm.apply(h, scale_weight));
        for (int i = 0; i < extra.size(); i++) {
            Module block = extra.get(i);
            h = block.call(h, ctx);
            out.add(h);
        }
        for (int i = 0; i < out.size(); i++) ctx.trace().record(qualified("out." + i), out.get(i));
        return out;
    }

    /**
     * The (H, W) of every feature map for an input of h x w, from the layers' own size formulas (no arithmetic on
     * tensors): 38, 19, 10, 5, 3, 1 at 300 (the ceil-mode pool3 turns 75 into 38), 64 ... 1 for caffe's SSD512.
     */
    public int[][] mapSizes(int h, int w) {
        int[] hw = {h, w};
        walk(features, hw);
        int[][] out = new int[extra.size() + 1][];
        out[0] = hw.clone();
        for (int i = 0; i < extra.size(); i++) {
            walk(extra.get(i), hw);
            out[i + 1] = hw.clone();
        }
        return out;
    }

    private static void walk(Module m, int[] hw) {
        if (m instanceof Conv2d c) {
            hw[0] = c.spec.outH(hw[0], c.kh);
            hw[1] = c.spec.outW(hw[1], c.kw);
        } else if (m instanceof MaxPool2d p) {
            hw[0] = p.spec.outH(hw[0]);
            hw[1] = p.spec.outW(hw[1]);
        } else {
            for (Module child : m.children().values()) walk(child, hw);
        }
    }

    private String qualified(String s) {
        return name().isEmpty() ? s : name() + "." + s;
    }

    /** Runs the extractor and returns the last (smallest) feature map; use {@link #featureMaps} for all of them. */
    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        List<Tensor> maps = featureMaps(x, ctx);
        return maps.get(maps.size() - 1);
    }

    @Override
    public String describe() {
        return "SSDFeatureExtractorVGG(VGG16 to conv4_3 + L2Norm, pool5 3x3/1, atrous fc6, fc7, " + extra.size() + " extra blocks"
                + (highres ? ", SSD512" : "") + ")";
    }
}
