/*
 * The two variants without a solver (Sec. 3.4 of the lesson): P0 cut and paste, P1 alpha
 * compositing. P1's rounding is defined here once: out = floor(a * fg + (1 - a) * bg + 0.5) with
 * a the matte's float value, evaluated in double, clamped to 0..255 (half up, as the golden's numpy
 * formula). P5 reuses over() on the Poisson solution.
 * Does not: premultiplied alpha, gamma-aware (linear-light) blending, or any colour correction.
 */
package workbench.portrait.blend;

import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

public final class Compositing {
    private Compositing() {}

    /** P0: the foreground where the mask is non-zero, the background elsewhere. */
    public static Image8 cutAndPaste(Image8 fg, Image8 bg, Image8 mask) {
        checkRgbPair(fg, bg, "cut and paste");
        if (mask.channels() != 1 || !mask.sameSize(fg)) {
            throw new IllegalArgumentException("cut and paste: the mask must be one channel of " + fg.width() + "x" + fg.height()
                    + ", got " + mask.sizeString());
        }
        Image8 out = bg.copy();
        for (int p = 0; p < mask.width() * mask.height(); p++) {
            if ((mask.data()[p] & 0xff) == 0) continue;
            System.arraycopy(fg.data(), p * 3, out.data(), p * 3, 3);
        }
        return out;
    }

    /** P1: alpha * fg + (1 - alpha) * bg per channel, rounded half up. */
    public static Image8 over(Image8 fg, Image8 bg, Matte alpha) {
        checkRgbPair(fg, bg, "alpha compositing");
        if (alpha.width() != fg.width() || alpha.height() != fg.height()) {
            throw new IllegalArgumentException("alpha compositing: the matte is " + alpha.width() + "x" + alpha.height()
                    + ", the frames " + fg.width() + "x" + fg.height());
        }
        Image8 out = new Image8(fg.width(), fg.height(), 3);
        float[] a = alpha.alpha();
        for (int p = 0; p < a.length; p++) {
            double ap = Math.min(1.0, Math.max(0.0, a[p]));
            for (int c = 0; c < 3; c++) {
                double v = ap * (fg.data()[p * 3 + c] & 0xff) + (1.0 - ap) * (bg.data()[p * 3 + c] & 0xff);
                out.data()[p * 3 + c] = (byte) SeamlessClone.toByte(v, SeamlessClone.Precision.TEXTBOOK);
            }
        }
        return out;
    }

    static void checkRgbPair(Image8 fg, Image8 bg, String what) {
        if (fg.channels() != 3 || bg.channels() != 3 || !fg.sameSize(bg)) {
            throw new IllegalArgumentException(what + ": foreground and background must be RGB frames of one size, got "
                    + fg.sizeString() + " and " + bg.sizeString());
        }
    }
}
