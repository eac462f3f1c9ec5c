/*
 * Colour harmonisation of the pasted person (Sec. 4.1): Reinhard, Ashikhmin, Gooch, Shirley,
 * "Color Transfer between Images", IEEE CG&A 21(5), 2001, applied to the person only.
 *   1. foreground and reference to l-alpha-beta (LAlphaBeta);
 *   2. weighted mean and standard deviation per channel: the foreground weighted by its alpha matte,
 *      the reference (the new background) by its own weights (null = every pixel counts once);
 *   3. Eq. (10)-(11): x' = (x - mean_s) * std_t / std_s + mean_t, per channel;
 *   4. back to RGB, blended with strength t: out = (1 - t) * fg + t * transfer(fg), rounded
 *      (floor(x + 0.5)) and clipped to 0..255, on every pixel with alpha > 0; pixels with alpha = 0
 *      are returned unchanged (the compositing step multiplies by alpha anyway).
 * Every pixel with alpha > 0 gets the full transfer, not one scaled by its alpha, so the alpha-weighted
 * statistics of the result are exactly the target's (a test checks that to 1e-6 before rounding).
 * A channel whose foreground spread is 0 is only shifted (std ratio taken as 1).
 * The Lab variant (Sec. 4.3) runs the same steps in CIE Lab of linearised sRGB (CieLab) instead of l-alpha-beta.
 * Naive, double precision, per pixel. Not here: local (windowed) statistics.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public final class ColourTransfer {
    private ColourTransfer() {}

    /** Weighted l-alpha-beta statistics: mean[3], std[3] (population form, divided by the weight sum). */
    public record Stats(double[] mean, double[] std) {}

    /** Reinhard transfer with the exact LMS -> RGB inverse. */
    public static Image8 reinhard(Image8 foreground, Matte alpha, Image8 reference, Matte referenceWeight, double strength) {
        return reinhard(foreground, alpha, reference, referenceWeight, strength, LAlphaBeta.Inverse.EXACT);
    }

    public static Image8 reinhard(Image8 foreground, Matte alpha, Image8 reference, Matte referenceWeight, double strength,
                                  LAlphaBeta.Inverse inverse) {
        return round(reinhardUnrounded(foreground, alpha, reference, referenceWeight, strength, inverse), foreground);
    }

    /** The result before rounding, RGB levels, row-major interleaved (h * w * 3). */
    public static double[] reinhardUnrounded(Image8 foreground, Matte alpha, Image8 reference, Matte referenceWeight,
                                             double strength, LAlphaBeta.Inverse inverse) {
        return transfer(foreground, alpha, reference, referenceWeight, strength, LAlphaBeta::fromRgb, lab -> LAlphaBeta.toRgb(lab, inverse));
    }

    /** The Lab variant (Sec. 4.3): the same statistics moved in CIE Lab of linearised sRGB, rounded. */
    public static Image8 reinhardCieLab(Image8 foreground, Matte alpha, Image8 reference, Matte referenceWeight, double strength) {
        return round(reinhardCieLabUnrounded(foreground, alpha, reference, referenceWeight, strength), foreground);
    }

    /** The Lab variant before rounding, RGB levels (h * w * 3). */
    public static double[] reinhardCieLabUnrounded(Image8 foreground, Matte alpha, Image8 reference, Matte referenceWeight,
                                                   double strength) {
        return transfer(foreground, alpha, reference, referenceWeight, strength, CieLab::fromSrgb, CieLab::toSrgb);
    }

    /** A colour space: RGB levels to three coordinates and back. */
    interface Space {
        double[] from(double r, double g, double b);
    }

    private static Image8 round(double[] v, Image8 like) {
        Image8 out = new Image8(like.width(), like.height(), 3);
        byte[] o = out.data();
        for (int i = 0; i < v.length; i++) o[i] = (byte) Math.min(255.0, Math.max(0.0, Math.floor(v[i] + 0.5)));
        return out;
    }

    private static double[] transfer(Image8 foreground, Matte alpha, Image8 reference, Matte referenceWeight, double strength,
                                     Space space, java.util.function.UnaryOperator<double[]> back) {
        check(foreground, alpha, "foreground", "alpha");
        check(reference, referenceWeight, "reference", "referenceWeight");
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("ColourTransfer: strength must be in [0, 1], got " + strength
                    + "\n  ---> HINT: 0 leaves the person as it is, 1 is the full Reinhard transfer.");
        }
        int n = foreground.width() * foreground.height();
        byte[] fg = foreground.data();
        double[] out = new double[n * 3];
        for (int i = 0; i < out.length; i++) out[i] = fg[i] & 0xff;
        if (weightSum(alpha) == 0) return out;   // no person: nothing to harmonise
        Stats s = statistics(foreground, alpha, space), t = statistics(reference, referenceWeight, space);
        double[] ratio = new double[3];
        for (int c = 0; c < 3; c++) ratio[c] = s.std()[c] > 0 ? t.std()[c] / s.std()[c] : 1.0;
        float[] a = alpha.alpha();
        for (int i = 0; i < n; i++) {
            if (a[i] <= 0) continue;
            double[] lab = space.from(out[3 * i], out[3 * i + 1], out[3 * i + 2]);
            for (int c = 0; c < 3; c++) lab[c] = (lab[c] - s.mean()[c]) * ratio[c] + t.mean()[c];   // Eq. (10), (11)
            double[] rgb = back.apply(lab);
            for (int c = 0; c < 3; c++) out[3 * i + c] = (1 - strength) * out[3 * i + c] + strength * rgb[c];
        }
        return out;
    }

    /** Weighted CIE Lab mean and std of an RGB image (the Lab variant's statistics). */
    public static Stats cieLabStatistics(Image8 image, Matte weights) {
        check(image, weights, "image", "weights");
        return statistics(image, weights, CieLab::fromSrgb);
    }

    /** Weighted l-alpha-beta mean and std of an RGB image; {@code weights} null = uniform. */
    public static Stats statistics(Image8 image, Matte weights) {
        check(image, weights, "image", "weights");
        return statistics(image, weights, LAlphaBeta::fromRgb);
    }

    private static Stats statistics(Image8 image, Matte weights, Space space) {
        int n = image.width() * image.height();
        byte[] d = image.data();
        double[] lab = new double[n * 3];
        for (int i = 0; i < n; i++) {
            double[] v = space.from(d[3 * i] & 0xff, d[3 * i + 1] & 0xff, d[3 * i + 2] & 0xff);
            System.arraycopy(v, 0, lab, 3 * i, 3);
        }
        return statistics(lab, weights == null ? null : weights.alpha());
    }

    /** Weighted mean and std of interleaved 3-vectors; {@code w} null = uniform. */
    public static Stats statistics(double[] lab, float[] w) {
        int n = lab.length / 3;
        double sw = 0;
        double[] mean = new double[3], std = new double[3];
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            sw += wi;
            for (int c = 0; c < 3; c++) mean[c] += wi * lab[3 * i + c];
        }
        if (sw <= 0) throw new IllegalArgumentException("ColourTransfer: the weights sum to " + sw + "; at least one pixel must count");
        for (int c = 0; c < 3; c++) mean[c] /= sw;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            for (int c = 0; c < 3; c++) {
                double dev = lab[3 * i + c] - mean[c];
                std[c] += wi * dev * dev;
            }
        }
        for (int c = 0; c < 3; c++) std[c] = Math.sqrt(std[c] / sw);
        return new Stats(mean, std);
    }

    private static double weightSum(Matte m) {
        double s = 0;
        for (float v : m.alpha()) s += v;
        return s;
    }

    private static void check(Image8 image, Matte weights, String what, String weightName) {
        if (image.channels() != 3) {
            throw new IllegalArgumentException("ColourTransfer: the " + what + " must be RGB, got " + image.sizeString());
        }
        if (weights == null) {
            if (weightName.equals("alpha")) throw new IllegalArgumentException("ColourTransfer: alpha is required (the person's matte)");
            return;
        }
        if (weights.width() != image.width() || weights.height() != image.height()) {
            throw new IllegalArgumentException("ColourTransfer: " + weightName + " is " + weights.width() + "x" + weights.height()
                    + " but the " + what + " is " + image.sizeString());
        }
        for (float v : weights.alpha()) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("ColourTransfer: " + weightName + " holds " + v + "; weights must be finite and >= 0");
            }
        }
    }
}
