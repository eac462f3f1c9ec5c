/*
 * The blending step of the portrait pipeline: one call per frame puts the person of the
 * foreground frame onto the background frame with the chosen variant (Sec. 3.4 of the lesson).
 * Frames have one size and the person stays where it is (for P2, P4, P5, P6 the clone point is the
 * centre of the mask's bounding box, so OpenCV's placement is the identity). The hard mask is
 * alpha >= options.threshold().
 * Stateful only for P6 (the running mean of the Poisson colour offset); reset() forgets it.
 * Does not: move the person, resize frames, or refine the matte (that is the edge correction's job).
 */
package workbench.portrait.blend;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public final class Blender {
    private final BlendMode mode;
    private final BlendOptions options;
    private final PoissonOps ops;
    /** P6: the EMA of the mean offset, null before the first frame. */
    private double[] smoothedOffset;
    /** P6: the raw mean offset of the last frame (for reports and tests). */
    private double[] lastMeanOffset;

    private Blender(BlendMode mode, BlendOptions options, PoissonOps ops) {
        this.mode = mode;
        this.options = options;
        this.ops = ops;
    }

    public static Blender create(BlendMode mode, BlendOptions options, PoissonOps ops) {
        if (mode == null || options == null || ops == null) {
            throw new IllegalArgumentException("Blender.create(mode, options, ops): got null for "
                    + (mode == null ? "mode" : options == null ? "options" : "ops")
                    + "\n  ---> HINT: BlendOptions.defaults() and NaivePoisson.INSTANCE are the plain choices.");
        }
        return new Blender(mode, options, ops);
    }

    public BlendMode mode() { return mode; }
    public BlendOptions options() { return options; }
    public PoissonOps ops() { return ops; }

    /** P6: forget the previous frames. */
    public void reset() {
        smoothedOffset = null;
        lastMeanOffset = null;
    }

    /** P6: the mean offset h-bar of the last frame before smoothing (RGB), or null. */
    public double[] lastMeanOffset() { return lastMeanOffset == null ? null : lastMeanOffset.clone(); }

    /** The composite of one frame. */
    public Image8 blend(Image8 foreground, Image8 background, Matte alpha) {
        Compositing.checkRgbPair(foreground, background, "Blender " + mode);
        if (alpha.width() != foreground.width() || alpha.height() != foreground.height()) {
            throw new IllegalArgumentException("Blender " + mode + ": the matte is " + alpha.width() + "x" + alpha.height()
                    + ", the frames " + foreground.width() + "x" + foreground.height());
        }
        Image8 mask = alpha.toMask(options.threshold());
        int[] p = SeamlessClone.centreOfMask(mask);
        return switch (mode) {
            case P0 -> Compositing.cutAndPaste(foreground, background, mask);
            case P1 -> Compositing.over(foreground, background, alpha);
            case P2 -> SeamlessClone.apply(foreground, background, mask, p[0], p[1], options.flag(), ops);
            case P3 -> TextbookPoisson.apply(foreground, background, mask, options.mixedTextbook(), ops);
            case P4 -> ScreenedPoisson.apply(foreground, background, mask, options.flag(), options.epsilon(), ops);
            case P5 -> Compositing.over(poisson(foreground, background, mask, p), background, alpha);
            case P6 -> temporal(foreground, background, mask, p);
        };
    }

    /** The Poisson base of P5 and P6: P2, or P3 with options.textbookBase(). */
    private Image8 poisson(Image8 fg, Image8 bg, Image8 mask, int[] p) {
        return options.textbookBase()
                ? TextbookPoisson.apply(fg, bg, mask, options.mixedTextbook(), ops)
                : SeamlessClone.apply(fg, bg, mask, p[0], p[1], options.flag(), ops);
    }

    /**
     * P6 (ours, Sec. 3.4): split the Poisson correction h = f - src over the person into its mean
     * h-bar (one value per channel) and the rest; keep the rest, replace h-bar by its EMA over the
     * frames: out = f + (EMA_t - h-bar_t). beta = 0 gives EMA_t = h-bar_t, i.e. the base exactly.
     */
    private Image8 temporal(Image8 fg, Image8 bg, Image8 mask, int[] p) {
        double[] sum = new double[3];
        long count = 0;
        SeamlessClone.Solution clone = null;
        double[][] textbook = null;
        if (options.textbookBase()) {
            textbook = TextbookPoisson.solve(fg, bg, mask, options.mixedTextbook(), ops);
            for (int q = 0; q < mask.width() * mask.height(); q++) {
                if ((mask.data()[q] & 0xff) == 0) continue;
                for (int c = 0; c < 3; c++) sum[c] += textbook[c][q] - (fg.data()[q * 3 + c] & 0xff);
                count++;
            }
        } else {
            clone = SeamlessClone.solve(fg, bg, mask, p[0], p[1], options.flag(), ops, SeamlessClone.Precision.OPENCV, 0.0);
            int nx = clone.w() - 2;
            for (int k = 0; k < clone.maskInterior().length; k++) {
                if (!clone.maskInterior()[k]) continue;
                int x = clone.x() + 1 + k % nx, y = clone.y() + 1 + k / nx;
                for (int c = 0; c < 3; c++) sum[c] += clone.interior()[c][k] - fg.get(x, y, c);
                count++;
            }
        }
        double[] offset = new double[3];
        if (count > 0) {
            double[] mean = {sum[0] / count, sum[1] / count, sum[2] / count};
            lastMeanOffset = mean;
            if (smoothedOffset == null) smoothedOffset = mean.clone();
            for (int c = 0; c < 3; c++) {
                smoothedOffset[c] = options.beta() * smoothedOffset[c] + (1 - options.beta()) * mean[c];
                offset[c] = smoothedOffset[c] - mean[c];
            }
        }
        if (clone != null) return clone.image(offset);
        Image8 out = bg.copy();
        for (int q = 0; q < mask.width() * mask.height(); q++) {
            if ((mask.data()[q] & 0xff) == 0) continue;
            for (int c = 0; c < 3; c++) {
                out.data()[q * 3 + c] = (byte) SeamlessClone.toByte(textbook[c][q] + offset[c], SeamlessClone.Precision.TEXTBOOK);
            }
        }
        return out;
    }
}
