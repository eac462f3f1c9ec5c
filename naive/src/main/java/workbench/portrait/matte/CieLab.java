/*
 * CIE L*a*b* as OpenCV's cvtColor computes it for float input (COLOR_LBGR2Lab / COLOR_Lab2LBGR), the
 * colour space of the Lab variant of the colour transfer (Sec. 4.3), after the historical OpenCV
 * photo module's color_transfer.cpp, which moved statistics in Lab rather than in l-alpha-beta.
 *   sRGB code c in 0..1 -> linear light: c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055)^2.4  (IEC 61966-2-1)
 *   XYZ   = M . rgb_linear, M = OpenCV's sRGB -> XYZ (D65) matrix, divided by the white (0.950456, 1, 1.088754)
 *   f(t)  = t^(1/3) if t > 0.008856 else 7.787 t + 16/116
 *   L = 116 f(Y) - 16 (Y > 0.008856) else 903.3 Y,  a = 500 (f(X) - f(Y)),  b = 200 (f(Y) - f(Z))
 *   back: the inverse branches, OpenCV's XYZ -> sRGB matrix (6 decimals, as printed in OpenCV), and linear
 *   RGB clipped to [0, 1] as cvtColor(COLOR_Lab2LBGR) clips it.
 * OpenCV's own gamma (COLOR_BGR2Lab on float) uses a spline and differs from the formula by up to
 * 0.19 in L, so the golden feeds cv2 our linearised values and compares only the Lab step. Its
 * vectorised path (rows of 8 or more pixels) also approximates the cube root and differs by up to
 * 0.031 in a; the golden uses a one-column image, which takes the exact scalar path.
 * Double precision. Not here: other white points, the 8-bit Lab encoding (L * 255/100, a + 128).
 */
package workbench.portrait.matte;

public final class CieLab {
    private CieLab() {}

    /** OpenCV color_lab.cpp sRGB2XYZ_D65. */
    static final double[][] RGB_TO_XYZ = {
        {0.412453, 0.357580, 0.180423},
        {0.212671, 0.715160, 0.072169},
        {0.019334, 0.119193, 0.950227}};

    /** OpenCV color_lab.cpp XYZ2sRGB_D65 (printed to 6 decimals, not the exact inverse). */
    static final double[][] XYZ_TO_RGB = {
        {3.240479, -1.53715, -0.498535},
        {-0.969256, 1.875991, 0.041556},
        {0.055648, -0.204043, 1.057311}};

    static final double XN = 0.950456, ZN = 1.088754;
    static final double T0 = 0.008856, KAPPA = 903.3, SLOPE = 7.787, OFFSET = 16.0 / 116.0;

    /** sRGB code in 0..1 to linear light. */
    public static double linearise(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** Linear light in 0..1 to an sRGB code in 0..1. */
    public static double encode(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    private static double f(double t) { return t > T0 ? Math.cbrt(t) : SLOPE * t + OFFSET; }

    /** Linear RGB (0..1) to L (0..100), a, b. */
    public static double[] fromLinear(double r, double g, double b) {
        double x = (RGB_TO_XYZ[0][0] * r + RGB_TO_XYZ[0][1] * g + RGB_TO_XYZ[0][2] * b) / XN;
        double y = RGB_TO_XYZ[1][0] * r + RGB_TO_XYZ[1][1] * g + RGB_TO_XYZ[1][2] * b;
        double z = (RGB_TO_XYZ[2][0] * r + RGB_TO_XYZ[2][1] * g + RGB_TO_XYZ[2][2] * b) / ZN;
        double fy = f(y);
        double l = y > T0 ? 116 * fy - 16 : KAPPA * y;
        return new double[] {l, 500 * (f(x) - fy), 200 * (fy - f(z))};
    }

    /** L, a, b back to linear RGB, clipped to [0, 1]. */
    public static double[] toLinear(double[] lab) {
        double l = lab[0], y, fy;
        if (l <= KAPPA * T0) {
            y = l / KAPPA;
            fy = SLOPE * y + OFFSET;
        } else {
            fy = (l + 16) / 116;
            y = fy * fy * fy;
        }
        double x = XN * finv(fy + lab[1] / 500), z = ZN * finv(fy - lab[2] / 200);
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = XYZ_TO_RGB[i][0] * x + XYZ_TO_RGB[i][1] * y + XYZ_TO_RGB[i][2] * z;
            rgb[i] = Math.min(1, Math.max(0, v));
        }
        return rgb;
    }

    private static double finv(double t) {
        return t <= SLOPE * T0 + OFFSET ? (t - OFFSET) / SLOPE : t * t * t;
    }

    /** 8-bit sRGB levels (0..255) to L, a, b. */
    public static double[] fromSrgb(double r, double g, double b) {
        return fromLinear(linearise(r / 255), linearise(g / 255), linearise(b / 255));
    }

    /** L, a, b to sRGB levels (0..255, unrounded). */
    public static double[] toSrgb(double[] lab) {
        double[] v = toLinear(lab);
        for (int i = 0; i < 3; i++) v[i] = 255 * encode(v[i]);
        return v;
    }
}
