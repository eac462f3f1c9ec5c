/*
 * P4, screened Poisson on the clone's ROI (Sec. 3.4 of the lesson; the equation is Bhat, Curless,
 * Cohen and Szeliski, ECCV 2008): minimise sum |grad f - v|^2 + eps * sum (f - f_s)^2 over the ROI's
 * interior, with v OpenCV's guidance field (SeamlessClone steps 1-9), f_s the cut-and-paste
 * composite (src on the mask, dst elsewhere) and f = dst on the ROI's outer ring. The normal
 * equations are (Laplacian - eps) f = div v - eps f_s: the same DST solve as P2 with the
 * denominator lambda - eps, in double, rounded. eps = 0 is P2's problem in TEXTBOOK precision;
 * eps -> infinity is P0 on the ROI's interior. Does not: choose eps (BlendOptions.epsilon does).
 */
package workbench.portrait.blend;

import workbench.portrait.image.Image8;

public final class ScreenedPoisson {
    private ScreenedPoisson() {}

    /** Frames of one size, the region left in place (the clone point is the mask box's centre). */
    public static Image8 apply(Image8 fg, Image8 bg, Image8 mask, CloneFlag flag, double epsilon, PoissonOps ops) {
        return solve(fg, bg, mask, flag, epsilon, ops).image();
    }

    public static SeamlessClone.Solution solve(Image8 fg, Image8 bg, Image8 mask, CloneFlag flag, double epsilon, PoissonOps ops) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("screened Poisson: epsilon must be finite and >= 0, got " + epsilon);
        }
        Compositing.checkRgbPair(fg, bg, "screened Poisson");
        int[] p = SeamlessClone.centreOfMask(mask);
        return SeamlessClone.solve(fg, bg, mask, p[0], p[1], flag, ops, SeamlessClone.Precision.TEXTBOOK, epsilon);
    }
}
