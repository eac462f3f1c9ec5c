/*
 * The l-alpha-beta colour space of Ruderman et al. as Reinhard et al. 2001 use it for colour
 * transfer (Sec. 4.1): RGB -> LMS cone responses (the paper's matrix), log10, then a rotation into
 * one achromatic (l) and two opponent channels (alpha: yellow-blue, beta: red-green) that are close
 * to decorrelated for natural images.
 *   LMS    = M . rgb,  rgb = RGB / 255 (the paper says nothing of gamma: we take sRGB codes as they are)
 *   L      = log10(max(LMS, LMS_FLOOR))
 *   l a b  = diag(1/sqrt3, 1/sqrt6, 1/sqrt2) . [[1,1,1],[1,1,-2],[1,-1,0]] . L
 *   back:  L = [[1,1,1],[1,1,-1],[1,-2,0]] . diag(sqrt3/3, sqrt6/6, sqrt2/2) . lab  (the exact inverse: orthogonal)
 *          LMS = 10^L,  RGB = 255 . M^-1 . LMS   with M^-1 the exact inverse (default) or the paper's
 *          printed 4-decimal matrix (Inverse.PAPER). The printed matrix is not the inverse of the
 *          printed forward one (entries differ by up to 0.017), so its round trip moves colours by up to
 *          ~1 level; the exact inverse is the default.
 * LMS_FLOOR = 5e-5 guards log10(0): every non-zero 8-bit pixel has all three LMS values >= 0.0241/255
 * = 9.45e-5, so the floor only ever touches pure black, which it puts just below the darkest
 * other colour instead of at -infinity (or at an outlier like log10(1e-6) = -6 that would inflate the
 * standard deviations). Black maps back to 5e-5 * 255 * (row sum of M^-1) ~ 0.013 levels, i.e. to 0.
 * Double precision throughout. Not here: CIE Lab (OpenCV's cvtColor) and linear-light input.
 */
package workbench.portrait.matte;

public final class LAlphaBeta {
    private LAlphaBeta() {}

    /** Which LMS -> RGB matrix the way back uses. */
    public enum Inverse { EXACT, PAPER }

    /** Reinhard et al. 2001, Eq. (4): RGB -> LMS. */
    static final double[][] RGB_TO_LMS = {
        {0.3811, 0.5783, 0.0402},
        {0.1967, 0.7244, 0.0782},
        {0.0241, 0.1288, 0.8444}};

    /** The paper's printed LMS -> RGB matrix (Eq. (9)), rounded to four decimals. */
    static final double[][] LMS_TO_RGB_PAPER = {
        {4.4679, -3.5873, 0.1193},
        {-1.2186, 2.3809, -0.1624},
        {0.0497, -0.2439, 1.2045}};

    /** The exact inverse of RGB_TO_LMS (adjugate / determinant, in double). */
    static final double[][] LMS_TO_RGB_EXACT = inverse(RGB_TO_LMS);

    public static final double LMS_FLOOR = 5e-5;

    private static final double S3 = Math.sqrt(3), S6 = Math.sqrt(6), S2 = Math.sqrt(2);

    /** Eq. (6): lab = diag(1/sqrt3, 1/sqrt6, 1/sqrt2) . [[1,1,1],[1,1,-2],[1,-1,0]] . log10(LMS). */
    static final double[][] LMS_TO_LAB = {
        {1 / S3, 1 / S3, 1 / S3},
        {1 / S6, 1 / S6, -2 / S6},
        {1 / S2, -1 / S2, 0}};

    /** Eq. (8): log10(LMS) = [[1,1,1],[1,1,-1],[1,-2,0]] . diag(sqrt3/3, sqrt6/6, sqrt2/2) . lab. */
    static final double[][] LAB_TO_LMS = {
        {S3 / 3, S6 / 6, S2 / 2},
        {S3 / 3, S6 / 6, -S2 / 2},
        {S3 / 3, -2 * S6 / 6, 0}};

    /** RGB levels (0..255, not necessarily integers) to l, alpha, beta. */
    public static double[] fromRgb(double r, double g, double b) {
        double[] rgb = {r / 255.0, g / 255.0, b / 255.0};
        double[] logLms = new double[3];
        for (int i = 0; i < 3; i++) {
            double lms = RGB_TO_LMS[i][0] * rgb[0] + RGB_TO_LMS[i][1] * rgb[1] + RGB_TO_LMS[i][2] * rgb[2];
            logLms[i] = Math.log10(Math.max(lms, LMS_FLOOR));
        }
        return times(LMS_TO_LAB, logLms);
    }

    /** l, alpha, beta back to RGB levels (unrounded, may leave 0..255). */
    public static double[] toRgb(double[] lab, Inverse inverse) {
        double[] logLms = times(LAB_TO_LMS, lab);
        double[] lms = {Math.pow(10, logLms[0]), Math.pow(10, logLms[1]), Math.pow(10, logLms[2])};
        double[] rgb = times(inverse == Inverse.PAPER ? LMS_TO_RGB_PAPER : LMS_TO_RGB_EXACT, lms);
        for (int i = 0; i < 3; i++) rgb[i] *= 255.0;
        return rgb;
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        return out;
    }

    static double[][] inverse(double[][] a) {
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // adjugate: cofactor of (j, i), cyclic indices carry the sign
                inv[i][j] = a[(j + 1) % 3][(i + 1) % 3] * a[(j + 2) % 3][(i + 2) % 3]
                        - a[(j + 1) % 3][(i + 2) % 3] * a[(j + 2) % 3][(i + 1) % 3];
            }
        }
        double det = a[0][0] * inv[0][0] + a[0][1] * inv[1][0] + a[0][2] * inv[2][0];
        for (double[] row : inv) for (int j = 0; j < 3; j++) row[j] /= det;
        return inv;
    }
}
