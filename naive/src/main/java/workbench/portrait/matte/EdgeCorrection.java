/*
 * Mask edge correction, steps E1..E3 chained (Sec. 2.4): person probability -> clean hard mask
 * (MaskCleanup, Sec. 2.2) -> guided filter on the frame (GuidedFilterOps, Sec. 2.3) -> alpha matte.
 * The guided filter smooths the cleaned 0/1 mask where the frame is flat and keeps its steps where
 * the frame has an edge, so the matte's soft border follows the person's real outline (hair,
 * shoulders) instead of the network's coarse, upsampled one. The result is clipped to [0, 1]:
 * the filter is a local linear fit and overshoots by a few percent next to strong edges.
 * This is the entry point the video pipeline calls once per frame; the probability comes from
 * PersonProbability (Sec. 2.1) and must already have the frame's size.
 * Not here: temporal smoothing (part 5), trimap/alpha matting (information flow is shown in the
 * notebook only), resizing the probability to the frame.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public final class EdgeCorrection {
    private EdgeCorrection() {}

    /**
     * @param threshold  p > threshold is person (Sec. 2.2)
     * @param kernelSize side of the elliptic structuring element of the opening and closing
     * @param radius     guided filter window radius r, window (2r+1)^2 (Sec. 2.3)
     * @param eps        guided filter regulariser in frame levels squared (1e-3 * 255^2 = 65.025)
     */
    public record Options(float threshold, int kernelSize, int radius, double eps) {
        public Options {
            if (!(threshold >= 0f && threshold < 1f)) {
                throw new IllegalArgumentException("EdgeCorrection.Options: threshold must be in [0, 1), got " + threshold);
            }
            if (kernelSize < 1) throw new IllegalArgumentException("EdgeCorrection.Options: kernelSize must be >= 1, got " + kernelSize);
            if (radius < 0) throw new IllegalArgumentException("EdgeCorrection.Options: radius must be >= 0, got " + radius);
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("EdgeCorrection.Options: eps must be finite and > 0, got " + eps
                        + "\n  ---> HINT: eps is in frame levels squared; 65.025 = (0.001 * 255^2) keeps edges with more than ~8 levels of contrast.");
            }
        }

        /**
         * threshold 0.5 (the softmax/sigmoid decision), a 5x5 ellipse (removes specks up to ~4 px, fills
         * gaps up to ~4 px, keeps a neck or an arm 5 px wide), radius 8 and eps 65.025 (the range the
         * guided filter paper uses for feathering, r = 8 and eps = 1e-3 on a [0, 1] guide).
         */
        public static Options defaults() { return new Options(0.5f, 5, 8, 65.025); }

        public Options withRadius(int r) { return new Options(threshold, kernelSize, r, eps); }
        public Options withEps(double e) { return new Options(threshold, kernelSize, radius, e); }
        public Options withKernelSize(int k) { return new Options(threshold, k, radius, eps); }
        public Options withThreshold(float t) { return new Options(t, kernelSize, radius, eps); }
    }

    /** What each step produced: the probability, the clean-up's stages (cleaned mask = cleanup.output()), the matte. */
    public record Result(Matte probability, MaskCleanup.Stages cleanup, Matte matte) {
        /** The cleaned hard mask (0/255). */
        public Image8 mask() { return cleanup.output(); }

        /**
         * The band around the cleaned mask's outline: 255 where a k x k elliptic dilation and erosion of
         * the mask differ (the "unknown" region of a trimap; where the matte is soft). For the visualizer.
         */
        public Image8 band(int k) { return Morphology.gradient(mask(), Morphology.ellipse(k, k)); }

        /** True when nobody is left after the clean-up; the matte is then all zeros. */
        public boolean empty() { return cleanup.empty(); }
    }

    /** The refined alpha matte of {@code frame} (RGB or grey, 8-bit) for a person probability of the same size. */
    public static Matte refine(Image8 frame, Matte personProbability, Options o, GuidedFilterOps ops) {
        return run(frame, personProbability, o, ops).matte();
    }

    /** All steps, with the intermediate results kept (for the visualizer and the tests). */
    public static Result run(Image8 frame, Matte personProbability, Options o, GuidedFilterOps ops) {
        if (frame.width() != personProbability.width() || frame.height() != personProbability.height()) {
            throw new IllegalArgumentException("EdgeCorrection: frame is " + frame.sizeString() + " but the probability is "
                    + personProbability.width() + "x" + personProbability.height()
                    + "\n  ---> HINT: resize the network output to the frame first (Bilinear.resize on the logits).");
        }
        MaskCleanup.Stages st = MaskCleanup.clean(personProbability, o.threshold(), o.kernelSize());
        int w = frame.width(), h = frame.height();
        if (st.empty()) return new Result(personProbability, st, new Matte(w, h));
        // p = cleaned mask as 0/1, filtered with the frame as guide (colour guide for RGB frames)
        byte[] m = st.output().data();
        float[] p = new float[w * h];
        for (int i = 0; i < p.length; i++) p[i] = (m[i] & 0xff) / 255f;
        float[] q = ops.filter(frame, p, o.radius(), o.eps(), BoxBorder.REFLECT);
        for (int i = 0; i < q.length; i++) q[i] = Math.min(1f, Math.max(0f, q[i]));
        return new Result(personProbability, st, new Matte(w, h, q));
    }
}
