/*
 * The DeepLabv3+ head: ASPP on the encoder output plus the simple decoder (DeepLabv3+, Chen et al.
 * 2018; lesson Sec. 1.4; VainF/DeepLabV3Plus-Pytorch network/_deeplab.py: DeepLabHeadV3Plus).
 *
 *   low_level (layer1, stride 4) --project: 1x1 -> 48 -> BN -> ReLU ------------------------\
 *   out (layer4, stride 16 or 8) --aspp --bilinear up to low_level's size ------------------ concat [low, aspp]
 *        --classifier: (3x3 256 -> BN -> ReLU) x decoderConvs --> 1x1 num_classes (with bias)
 *
 * Child names are VainF's, so inside the model the keys are `classifier.project.0.weight`,
 * `classifier.aspp.convs.0.0.weight`, `classifier.classifier.0.weight`, `classifier.classifier.3.bias`.
 * Deviations by layout (Sec. 1.6): VainF concatenates [low, ASPP] and has one 3x3 conv; TF
 * concatenates [ASPP, low] and has two (separable) 3x3 convs. The TF switch here gives two dense
 * 3x3 convs and align_corners=True, and keeps VainF's concat order so that the weights keep VainF's layout.
 * Naive reference; convolutions through Kernels, resizing through Bilinear.
 */
package workbench.portrait;

import workbench.kernels.Conv2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class DeepLabHeadV3Plus extends Module {
    public final int inChannels, lowLevelChannels, numClasses;
    public final boolean alignCorners;
    public final Sequential project;
    public final ASPP aspp;
    public final Sequential classifier;

    public DeepLabHeadV3Plus(int inChannels, int lowLevelChannels, int numClasses, int[] atrousRates, int decoderConvs,
                             boolean alignCorners, int asppOut, int lowOut) {
        this.inChannels = inChannels;
        this.lowLevelChannels = lowLevelChannels;
        this.numClasses = numClasses;
        this.alignCorners = alignCorners;
        // Sec. 1.4: a 1x1 conv shrinks the many low-level channels (to 48) so they do not outweigh the encoder
        this.project = register("project", new Sequential(new Conv2d(lowLevelChannels, lowOut, 1, 1, Conv2dSpec.of(1, 0), false),
                new BatchNorm2d(lowOut), new ReLU()));
        this.aspp = register("aspp", new ASPP(inChannels, atrousRates, asppOut));
        // Sec. 1.4: 3x3 convs refine the concatenated features - the paper picks two; VainF keeps one
        Sequential c = new Sequential(new Conv2d(lowOut + asppOut, asppOut, 3, 3, Conv2dSpec.of(1, 1), false),
                new BatchNorm2d(asppOut), new ReLU());
        for (int i = 1; i < decoderConvs; i++) {
            c.add(new Conv2d(asppOut, asppOut, 3, 3, Conv2dSpec.of(1, 1), false)).add(new BatchNorm2d(asppOut)).add(new ReLU());
        }
        c.add(new Conv2d(asppOut, numClasses, 1, 1, Conv2dSpec.of(1, 0), true));   // logits: 1x1 with bias, no BN
        this.classifier = register("classifier", c);
    }

    /** The head takes two feature maps; call {@link #forward(Tensor, Tensor, Context)}. */
    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        throw new IllegalStateException(name() + ": the DeepLabv3+ head needs layer4 ('out') and layer1 ('low_level')"
                + "\n  ---> HINT: call forward(out, lowLevel, ctx), or run the whole DeepLabV3Plus.");
    }

    /** VainF: low = project(low_level); x = up(aspp(out)); classifier(cat[low, x]). Logits at low_level's size. */
    public Tensor forward(Tensor out, Tensor lowLevel, Context ctx) {
        if (lowLevel.rank() != 4 || lowLevel.dim(1) != lowLevelChannels) {
            throw new IllegalArgumentException(name() + ": expected low_level (N, " + lowLevelChannels + ", H, W), got "
                    + lowLevel.shapeString());
        }
        Tensor low = project.call(lowLevel, ctx);
        Tensor x = aspp.call(out, ctx);
        // Sec. 1.5: upsampled bilinearly (x4 at 513) - by size, so odd sizes give non-integer ratios
        x = Bilinear.resize(x, low.dim(2), low.dim(3), alignCorners);
        Tensor y = classifier.call(Tensors.cat(low, x), ctx);
        ctx.trace().record(name(), y);
        return y;
    }

    @Override
    public String describe() {
        return "DeepLabHeadV3Plus(in=" + inChannels + ", low=" + lowLevelChannels + ", classes=" + numClasses + ", decoder 3x3 convs="
                + (classifier.size() - 1) / 3 + ", align_corners=" + alignCorners + ")";
    }
}
