/*
 * Binary morphology as OpenCV 4.6 does it (Sec. 2.2): the elliptic structuring element of
 * cv2.getStructuringElement(MORPH_ELLIPSE, (kw, kh)), erosion, dilation, opening and closing
 * (cv2.morphologyEx MORPH_OPEN / MORPH_CLOSE, one iteration, anchor at the kernel's centre).
 *   ellipse   row i (dy = i - kh/2) spans columns c - dx .. c + dx, dx = round(c * sqrt(1 - dy^2 / r^2)),
 *             r = kh/2, c = kw/2 (integer halves), round = round-half-even like OpenCV's saturate_cast;
 *   erode     dst(x, y) = min over set taps (i, j) of src(x + j - ax, y + i - ay);
 *   dilate    the same with max; OpenCV does not mirror the kernel for either;
 *   border    OpenCV's default for both (BORDER_CONSTANT with morphologyDefaultBorderValue) is a value
 *             that never wins the min or the max, i.e. taps outside the image are ignored: the image
 *             edge neither erodes a mask touching it nor grows one.
 * Naive: the window loop per pixel. Works on any 0..255 values (grey morphology), used here on masks.
 * gradient   dilation minus erosion (MORPH_GRADIENT): the band around a mask's outline, where a matting
 *            step would look for the unknown region of a trimap.
 * Not here: other shapes (rect, cross), other anchors or border modes, iterations > 1.
 */
package workbench.portrait.matte;

import workbench.portrait.image.Image8;

public final class Morphology {
    private Morphology() {}

    /** cv2.getStructuringElement(MORPH_ELLIPSE, (kw, kh)) as [kh][kw] booleans. */
    public static boolean[][] ellipse(int kw, int kh) {
        if (kw < 1 || kh < 1) {
            throw new IllegalArgumentException("ellipse: kernel size must be at least 1x1, got " + kw + "x" + kh);
        }
        int r = kh / 2, c = kw / 2;
        double invR2 = r != 0 ? 1.0 / ((double) r * r) : 0;
        boolean[][] k = new boolean[kh][kw];
        for (int i = 0; i < kh; i++) {
            int dy = i - r;
            if (Math.abs(dy) > r) continue;
            // half-width of the ellipse at this row, rounded to the nearest integer (half to even)
            int dx = (int) Math.rint(c * Math.sqrt((r * r - dy * dy) * invR2));
            int j1 = Math.max(c - dx, 0), j2 = Math.min(c + dx + 1, kw);
            for (int j = j1; j < j2; j++) k[i][j] = true;
        }
        return k;
    }

    public static Image8 erode(Image8 src, boolean[][] kernel) { return apply(src, kernel, true); }

    public static Image8 dilate(Image8 src, boolean[][] kernel) { return apply(src, kernel, false); }

    /** Opening: erosion then dilation; removes foreground details smaller than the kernel. */
    public static Image8 open(Image8 src, boolean[][] kernel) { return dilate(erode(src, kernel), kernel); }

    /** Closing: dilation then erosion; fills background gaps smaller than the kernel. */
    public static Image8 close(Image8 src, boolean[][] kernel) { return erode(dilate(src, kernel), kernel); }

    /** Morphological gradient, dilation minus erosion (cv2.morphologyEx MORPH_GRADIENT): on a mask, its boundary band. */
    public static Image8 gradient(Image8 src, boolean[][] kernel) {
        Image8 d = dilate(src, kernel), e = erode(src, kernel);
        byte[] dd = d.data(), ee = e.data();
        for (int i = 0; i < dd.length; i++) dd[i] = (byte) ((dd[i] & 0xff) - (ee[i] & 0xff));
        return d;
    }

    private static Image8 apply(Image8 src, boolean[][] kernel, boolean min) {
        MaskComponents.checkMask(src, min ? "erode" : "dilate");
        int w = src.width(), h = src.height(), kh = kernel.length, kw = kernel[0].length, ay = kh / 2, ax = kw / 2;
        Image8 dst = new Image8(w, h, 1);
        byte[] s = src.data(), d = dst.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int best = min ? 255 : 0;   // the neutral value: what a tap outside the image contributes
                for (int i = 0; i < kh; i++) {
                    int sy = y + i - ay;
                    if (sy < 0 || sy >= h) continue;
                    for (int j = 0; j < kw; j++) {
                        int sx = x + j - ax;
                        if (!kernel[i][j] || sx < 0 || sx >= w) continue;
                        int v = s[sy * w + sx] & 0xff;
                        best = min ? Math.min(best, v) : Math.max(best, v);
                    }
                }
                d[y * w + x] = (byte) best;
            }
        }
        return dst;
    }
}
