/*
 * Step E1 of the mask edge correction (Sec. 2.1): the segmentation network's logits become one
 * number per pixel, the probability that the pixel shows a person.
 *   multi-class head (DeepLabv3+, 21 VOC classes): softmax over the class dimension, keep class 15;
 *   binary head (one logit per pixel): the logistic sigmoid.
 * Follows torch.softmax(logits, dim=1)[:, 15] and torch.sigmoid; the goldens are torch's.
 * Naive: one pass per pixel in double, stored as float. Not here: batches of more than one image
 * (the video pipeline segments one frame at a time), temperature or class weighting.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Matte;
import workbench.tensor.Tensor;

public final class PersonProbability {
    private PersonProbability() {}

    /** Index of "person" among the 21 PASCAL VOC labels (torchvision _VOC_CATEGORIES). */
    public static final int VOC_PERSON = 15;

    /** softmax over C of logits (1, C, H, W), class {@code personClass}; a Matte of H x W. */
    public static Matte fromLogits(Tensor logits, int personClass) {
        checkShape(logits, "fromLogits");
        int classes = logits.dim(1), h = logits.dim(2), w = logits.dim(3), plane = h * w;
        if (personClass < 0 || personClass >= classes) {
            throw new IllegalArgumentException("fromLogits: person class " + personClass + " is outside 0.." + (classes - 1)
                    + " for logits " + logits.shapeString()
                    + "\n  ---> HINT: VOC-trained DeepLab heads have 21 classes and person = PersonProbability.VOC_PERSON (15).");
        }
        float[] z = logits.data();
        float[] p = new float[plane];
        for (int i = 0; i < plane; i++) {
            // softmax_c(z) = exp(z_c - max) / sum_k exp(z_k - max); subtracting the max avoids overflow
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, z[c * plane + i]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z[c * plane + i] - max);
            p[i] = (float) (Math.exp(z[personClass * plane + i] - max) / sum);
        }
        return new Matte(w, h, p);
    }

    /** sigmoid of a binary head's logits (1, 1, H, W); a Matte of H x W. */
    public static Matte fromBinaryLogit(Tensor logits) {
        checkShape(logits, "fromBinaryLogit");
        if (logits.dim(1) != 1) {
            throw new IllegalArgumentException("fromBinaryLogit: expected logits (1, 1, H, W), got " + logits.shapeString()
                    + "\n  ---> HINT: a multi-class head goes through fromLogits(logits, personClass).");
        }
        float[] z = logits.data();
        float[] p = new float[z.length];
        // sigmoid(z) = 1 / (1 + exp(-z))
        for (int i = 0; i < z.length; i++) p[i] = (float) (1.0 / (1.0 + Math.exp(-z[i])));
        return new Matte(logits.dim(3), logits.dim(2), p);
    }

    private static void checkShape(Tensor logits, String where) {
        if (logits.rank() != 4 || logits.dim(0) != 1) {
            throw new IllegalArgumentException(where + ": expected logits (1, C, H, W), got " + logits.shapeString()
                    + "\n  ---> HINT: take one image of the batch with Tensor.batchItem(n).");
        }
    }
}
