/*
 * A DeepLab network as the pipeline's segmenter (lesson Sec. 5.4, Sec. 1.9, Sec. 2.1):
 *   RGB 8-bit -> x / 255 -> (x - mean) / std (ImageNet's, as torchvision and VainF train) -> (1, 3, H, W)
 *   -> model (DeepLabV3 or DeepLabV3Plus, prepared for the Kernels) -> logits (1, C, H, W)
 *   -> softmax over C, class `personClass` (PersonProbability) -> Matte.
 * The network runs at the frame's size (its own bilinear resize brings the logits back to it).
 * Not here: test-time scaling or flipping, batching several frames.
 */
package workbench.portrait.pipeline;

import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.matte.PersonProbability;
import workbench.tensor.Tensor;

public final class DeepLabSegmenter implements Segmenter {
    /** torchvision's ImageNet normalisation (models/segmentation presets, VainF's ExtNormalize). */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f}, STD = {0.229f, 0.224f, 0.225f};

    private final Module prepared;
    private final Kernels kernels;
    private final int personClass;
    private final String description;

    public DeepLabSegmenter(Module model, Kernels kernels, int personClass, String description) {
        this.prepared = kernels.prepare(model);
        this.kernels = kernels;
        this.personClass = personClass;
        this.description = description;
    }

    /** (1, 3, H, W), normalised as the network was trained. */
    public static Tensor toInput(Image8 frame) {
        int w = frame.width(), h = frame.height(), plane = w * h;
        Tensor x = Tensor.zeros(1, 3, h, w);
        float[] d = x.data();
        byte[] px = frame.data();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) d[c * plane + i] = ((px[3 * i + c] & 0xff) / 255f - MEAN[c]) / STD[c];
        }
        return x;
    }

    @Override
    public Matte probability(Image8 frame, int index) {
        if (frame.channels() != 3) throw new IllegalArgumentException("DeepLab segments RGB frames, got " + frame.sizeString());
        Tensor logits = prepared.call(toInput(frame), Context.of(kernels));
        return PersonProbability.fromLogits(logits, personClass);
    }

    @Override
    public String describe() { return description + ", person = class " + personClass + ", on " + kernels.name(); }

    @Override
    public boolean userMask() { return false; }
}
