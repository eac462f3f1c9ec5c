/*
 * The guided filter (He, Sun, Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013), step E3 of
 * the mask edge correction (Sec. 2.3), as cv2.ximgproc.guidedFilter computes it. Twins:
 *   NaiveGuidedFilter (this module)          the paper's Algorithm 1, pixel by pixel, float32 like OpenCV;
 *   vectorized PanamaGuidedFilter            box means with running sums across columns, a/b in lanes.
 * Conventions shared by both (what ximgproc does, and the goldens check):
 *   - the guide is an 8-bit image (1 or 3 channels) converted to float WITHOUT scaling, so eps is in
 *     level units squared: eps = 1e-3 * 255^2 = 65.025 means "variance of about 8 levels";
 *   - means are normalised (2r+1)^2 box filters with BoxBorder.REFLECT, summed in double and stored as float;
 *   - all other arithmetic is float32, the 3x3 inverse by cofactors.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public interface GuidedFilterOps {
    /** Shown in logs and test names. */
    String name();

    /** Mean over the (2r+1) x (2r+1) window of each pixel: cv2.boxFilter(src, CV_32F, ..., normalize=true, border). */
    float[] boxMean(float[] src, int width, int height, int radius, BoxBorder border);

    /** q = guided filter of p (width*height, row-major) with the guide's 1 or 3 channels, radius r, eps. */
    float[] filter(Image8 guide, float[] p, int radius, double eps, BoxBorder border);

    /** The filter with ximgproc's border, on a Matte. */
    default Matte filter(Image8 guide, Matte p, int radius, double eps) {
        return new Matte(p.width(), p.height(), filter(guide, p.alpha(), radius, eps, BoxBorder.REFLECT));
    }

    /** Argument checks both twins share, with messages that name what is wrong. */
    static void check(Image8 guide, float[] p, int radius, double eps) {
        if (guide.channels() != 1 && guide.channels() != 3) {
            throw new IllegalArgumentException("guided filter: the guide has 1 or 3 channels, got " + guide.channels());
        }
        if (p.length != guide.width() * guide.height()) {
            throw new IllegalArgumentException("guided filter: p has " + p.length + " values, the guide is "
                    + guide.sizeString() + " (" + guide.width() * guide.height() + " pixels)"
                    + "\n  ---> HINT: resize the probability to the frame first (Bilinear.resize), then filter.");
        }
        if (radius < 0) throw new IllegalArgumentException("guided filter: radius must be >= 0, got " + radius);
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("guided filter: eps must be finite and >= 0, got " + eps
                    + "\n  ---> HINT: eps is in guide levels squared, e.g. 1e-3 * 255 * 255 = 65.025.");
        }
    }

    static void checkPlane(float[] src, int width, int height, int radius) {
        if (width <= 0 || height <= 0 || src.length != width * height) {
            throw new IllegalArgumentException("box mean: plane " + width + "x" + height + " needs " + ((long) width * height)
                    + " values, got " + src.length);
        }
        if (radius < 0) throw new IllegalArgumentException("box mean: radius must be >= 0, got " + radius);
    }
}
