/*
 * Step E2 of the mask edge correction (Sec. 2.2): from a person probability to one clean hard mask,
 * in OpenCV 4.6's terms:
 *   1. threshold      p > t (cv2.threshold THRESH_BINARY: strictly greater) -> 0/255;
 *   2. largest region keep the largest 8-connected component (MaskComponents.largestComponent);
 *   3. fill holes     background not 4-connected to the border becomes person (MaskComponents.fillHoles);
 *   4. open, close    with the elliptic k x k structuring element (Morphology).
 * Every stage is kept for the visualizer and the goldens (which compare each one exactly).
 * An empty threshold result (nobody in the frame) is not an error: every stage is empty and
 * {@link Stages#empty()} says so; a full mask stays full (the image border never erodes it).
 * Not here: the soft refinement (GuidedFilterOps, Sec. 2.3) and temporal smoothing.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public final class MaskCleanup {
    private MaskCleanup() {}

    /** Every stage of the clean-up; {@code output} is the cleaned mask. */
    public record Stages(Image8 threshold, Image8 largest, Image8 filled, Image8 opened, Image8 output, int components) {
        /** True when the cleaned mask has no person pixel (the caller decides what to show then). */
        public boolean empty() {
            for (byte b : output.data()) if (b != 0) return false;
            return true;
        }
    }

    /** p > threshold as a 0/255 mask (cv2.threshold(p, t, 255, THRESH_BINARY)). */
    public static Image8 threshold(Matte p, float threshold) {
        float[] a = p.alpha();
        byte[] m = new byte[a.length];
        for (int i = 0; i < a.length; i++) m[i] = a[i] > threshold ? (byte) 255 : 0;
        return new Image8(p.width(), p.height(), 1, m);
    }

    /** Steps 1-4 with threshold {@code t} and a {@code k} x {@code k} ellipse. */
    public static Stages clean(Matte probability, float t, int k) {
        if (!(t >= 0f && t < 1f)) {
            throw new IllegalArgumentException("MaskCleanup: threshold must be in [0, 1), got " + t
                    + "\n  ---> HINT: 0.5 is the usual choice for a softmax or sigmoid probability.");
        }
        if (k < 1) throw new IllegalArgumentException("MaskCleanup: kernel size must be >= 1, got " + k);
        Image8 th = threshold(probability, t);
        int components = MaskComponents.count8(th);
        Image8 largest = MaskComponents.largestComponent(th);
        Image8 filled = MaskComponents.fillHoles(largest);
        boolean[][] kernel = Morphology.ellipse(k, k);
        Image8 opened = Morphology.open(filled, kernel);
        Image8 closed = Morphology.close(opened, kernel);
        return new Stages(th, largest, filled, opened, closed, components);
    }
}
