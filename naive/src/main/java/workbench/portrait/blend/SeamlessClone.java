/*
 * Seamless cloning as OpenCV 4.6 computes it (cv2.seamlessClone; opencv modules/photo/src/
 * seamless_cloning.cpp and seamless_cloning_impl.cpp), step by step as Sec. 3.2 of the lesson numbers
 * the steps. Images are RGB here (OpenCV works in BGR; only MONOCHROME's grey weights notice).
 * The arithmetic that decides the last bit is kept: gradients, weights, divergence and boundary
 * terms in float32, eigenvalues 2cos + 2cos - 4 in float32, and truncation of the solution.
 * Precision.TEXTBOOK keeps the same problem but uses double eigenvalues and rounding (and allows
 * the screening term of P4, Sec. 3.4); it is the variant whose identity clone is the identity.
 * Does not: the *_WIDE flags (not in 4.6), multi-channel masks (give one channel), an FFT (the DST
 * runs as sine-matrix products in PoissonOps, in double).
 */
package workbench.portrait.blend;

import workbench.portrait.image.Image8;

public final class SeamlessClone {
    private SeamlessClone() {}

    /** How the solution is computed and turned back into bytes. */
    public enum Precision {
        /** float32 eigenvalues, truncation toward zero (OpenCV 4.6). */
        OPENCV,
        /** double eigenvalues, rounding half up (Perez et al.; the identity clone is the identity). */
        TEXTBOOK
    }

    /**
     * cv2.seamlessClone(src, dst, mask, (px, py), flag): src and dst RGB, mask one channel of src's
     * size (0 = outside; other values weight the source's gradients by value / 255). The mask's
     * bounding box is moved so that its centre (x + w / 2, y + h / 2) lands on (px, py) in dst.
     */
    public static Image8 apply(Image8 src, Image8 dst, Image8 mask, int px, int py, CloneFlag flag, PoissonOps ops) {
        return solve(src, dst, mask, px, py, flag, ops, Precision.OPENCV, 0.0).image();
    }

    /** The point that leaves the mask where it is: the centre of its bounding box (after step 1). */
    public static int[] centreOfMask(Image8 mask) {
        int[] box = boundingBox(zeroBorder(mask));
        if (box == null) return new int[] {mask.width() / 2, mask.height() / 2};
        return new int[] {box[0] + box[2] / 2, box[1] + box[3] / 2};
    }

    /**
     * The solved problem: where the ROI sits in dst, the solution of each channel on the ROI's
     * interior ((w - 2) x (h - 2), RGB order, before rounding), and which interior pixels the mask covers.
     */
    public record Solution(Image8 dst, int x, int y, int w, int h, double[][] interior, boolean[] maskInterior, Precision precision) {
        /** No ROI: an empty mask leaves dst as it is. */
        boolean empty() { return w == 0; }

        /** dst with the ROI's interior replaced by the solution (Sec. 3.2 step 11). */
        public Image8 image() { return image(new double[3]); }

        /** As image(), with {@code offset[c]} added to the solution on the mask's interior pixels first (P6). */
        public Image8 image(double[] offset) {
            Image8 out = dst.copy();
            int nx = w - 2, ny = h - 2;
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int k = j * nx + i;
                    for (int c = 0; c < 3; c++) {
                        double v = interior[c][k] + (maskInterior[k] ? offset[c] : 0.0);
                        out.set(x + 1 + i, y + 1 + j, c, toByte(v, precision));
                    }
                }
            }
            return out;
        }
    }

    /** Step 11: OpenCV clamps, then truncates ("static_cast<uchar>"); the textbook rounds half up. */
    static int toByte(double v, Precision precision) {
        if (precision == Precision.TEXTBOOK) v = Math.floor(v + 0.5);
        if (v < 0) return 0;
        if (v > 255) return 255;
        return (int) v;
    }

    /**
     * Steps 1-10 of Sec. 3.2. With epsilon > 0 (P4, TEXTBOOK only) the interior solves the screened
     * equation (Laplacian - eps) f = div v - eps f_s, f_s = src on the mask, dst elsewhere.
     */
    public static Solution solve(Image8 src, Image8 dst, Image8 mask, int px, int py, CloneFlag flag, PoissonOps ops,
                                 Precision precision, double epsilon) {
        return solve(src, dst, mask, px, py, flag, ops, precision, epsilon, ErosionBorder.ZERO);
    }

    /** What the erosion of step 5 sees outside the ROI. */
    public enum ErosionBorder {
        /** zeros: OpenCV erodes a view into the full mask, whose pixels around the bounding box are 0. */
        ZERO,
        /** nothing (OpenCV's default border for erode on an isolated array): the mistake the lesson measures. */
        NON_ERODING
    }

    /** As {@link #solve(Image8, Image8, Image8, int, int, CloneFlag, PoissonOps, Precision, double)}, choosing the erosion's border. */
    public static Solution solve(Image8 src, Image8 dst, Image8 mask, int px, int py, CloneFlag flag, PoissonOps ops,
                                 Precision precision, double epsilon, ErosionBorder border) {
        check(src, dst, mask);
        if (epsilon != 0 && precision != Precision.TEXTBOOK) {
            throw new IllegalArgumentException("screening (epsilon = " + epsilon + ") is a TEXTBOOK-precision variant (P4); OpenCV has none");
        }
        // Step 1: the mask's outermost rows and columns become 0 (copyMakeBorder of the inner part).
        Image8 m = zeroBorder(mask);
        // Step 2: the ROI is the bounding box of the non-zero mask; its copy in dst is centred on p.
        int[] box = boundingBox(m);
        if (box == null) return new Solution(dst.copy(), 0, 0, 0, 0, new double[3][0], new boolean[0], precision);
        int sx = box[0], sy = box[1], w = box[2], h = box[3];
        int dx = px - w / 2, dy = py - h / 2;
        if (dx < 0 || dy < 0 || dx + w > dst.width() || dy + h > dst.height()) {
            throw new IllegalArgumentException("seamlessClone: the mask's bounding box " + w + "x" + h + " centred on (" + px + ", " + py
                    + ") covers x " + dx + ".." + (dx + w - 1) + ", y " + dy + ".." + (dy + h - 1) + ", outside the destination "
                    + dst.sizeString() + "\n  ---> HINT: move the point so the whole box fits (OpenCV fails here too).");
        }
        // Step 3: the destination ROI, the patch (src where the mask is non-zero, else 0), the mask ROI.
        int[][] dest = new int[3][w * h], patch = new int[3][w * h];
        int[] maskRoi = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                maskRoi[k] = m.get(sx + x, sy + y, 0);
                for (int c = 0; c < 3; c++) {
                    dest[c][k] = dst.get(dx + x, dy + y, c);
                    patch[c][k] = maskRoi[k] != 0 ? src.get(sx + x, sy + y, c) : 0;
                }
            }
        }
        // Step 5: erode three times with a 3x3 box; the ROI is a view into the full mask, so it
        // sees the zeros around the bounding box - the erosion eats in from the ROI's edge too.
        int[] eroded = maskRoi;
        for (int it = 0; it < 3; it++) eroded = erode3x3(eroded, w, h, border == ErosionBorder.ZERO ? 0 : 255);
        // Step 6: weights m = eroded / 255 and 1 - m = (255 - eroded) / 255, in float (convertTo).
        float scale = (float) (1.0 / 255.0);
        float[] weight = new float[w * h], inverse = new float[w * h];
        for (int k = 0; k < w * h; k++) {
            weight[k] = eroded[k] * scale;
            inverse[k] = (255 - eroded[k]) * scale;
        }
        // MONOCHROME: the patch's grey level in every channel: cvtColor(BGR2GRAY) on 8-bit input is the
        // fixed-point 0.299 R + 0.587 G + 0.114 B with 15-bit weights (9798, 19235, 3735), rounded.
        int[] grey = null;
        if (flag == CloneFlag.MONOCHROME) {
            grey = new int[w * h];
            for (int k = 0; k < w * h; k++) grey[k] = (patch[0][k] * 9798 + patch[1][k] * 19235 + patch[2][k] * 3735 + (1 << 14)) >> 15;
        }
        int nx = w - 2, ny = h - 2;
        double[][] interior = new double[3][Math.max(0, nx * ny)];
        boolean[] maskInterior = new boolean[Math.max(0, nx * ny)];
        for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) maskInterior[j * nx + i] = maskRoi[(j + 1) * w + i + 1] != 0;
        if (nx <= 0 || ny <= 0) return new Solution(dst.copy(), dx, dy, w, h, interior, maskInterior, precision);
        double[] denominator = eigenvalues(nx, ny, precision, epsilon);
        for (int c = 0; c < 3; c++) {
            // Step 4: forward differences [0, -1, 1] in x and y, as float.
            int[] s = flag == CloneFlag.MONOCHROME ? grey : patch[c];
            float[] dgx = gradX(dest[c], w, h), dgy = gradY(dest[c], w, h);
            float[] pgx = gradX(s, w, h), pgy = gradY(s, w, h);
            // Step 7: the guidance field v = m * (chosen gradient) + (1 - m) * grad(dst).
            float[] vx = new float[w * h], vy = new float[w * h];
            for (int k = 0; k < w * h; k++) {
                float gx = pgx[k], gy = pgy[k];
                if (flag == CloneFlag.MIXED && !(Math.abs(pgx[k] - pgy[k]) > Math.abs(dgx[k] - dgy[k]))) {
                    gx = dgx[k];
                    gy = dgy[k];
                }
                vx[k] = dgx[k] * inverse[k] + gx * weight[k];
                vy[k] = dgy[k] * inverse[k] + gy * weight[k];
            }
            // Steps 8-9: divergence by backward differences [-1, 1, 0]; minus the known ring
            // neighbours (Laplacian of dst with its interior zeroed) on the interior.
            double[] rhs = new double[nx * ny];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int x = i + 1, y = j + 1, k = y * w + x;
                    float lapX = vx[k] - vx[k - 1];
                    float lapY = vy[k] - vy[k - w];
                    float lap = lapX + lapY;
                    float ring = 0;
                    if (x == 1) ring += dest[c][k - 1];
                    if (x == w - 2) ring += dest[c][k + 1];
                    if (y == 1) ring += dest[c][k - w];
                    if (y == h - 2) ring += dest[c][k + w];
                    double r = lap - ring;
                    // P4 (Sec. 3.4): the data term pulls towards cut and paste, f_s = src on the mask, dst elsewhere.
                    if (epsilon != 0) r -= epsilon * (maskRoi[k] != 0 ? src.get(sx + x, sy + y, c) : dest[c][k]);
                    rhs[j * nx + i] = r;
                }
            }
            // Step 10: the DST solve.
            interior[c] = ops.solveSpectral(rhs, nx, ny, denominator);
        }
        return new Solution(dst.copy(), dx, dy, w, h, interior, maskInterior, precision);
    }

    /**
     * Eigenvalues of the 5-point operator on an nx x ny grid with zero boundary, minus eps.
     * OPENCV: filter_X[i] = 2.0f * (float) cos(pi / (w - 1) * (i + 1)), summed and reduced by 4 in
     * float - the rounding that makes the identity clone lose a level (Sec. 3.2).
     */
    static double[] eigenvalues(int nx, int ny, Precision precision, double epsilon) {
        // filter_X and filter_Y, one cosine per column and per row.
        float[] filterX = new float[nx], filterY = new float[ny];
        double[] cosX = new double[nx], cosY = new double[ny];
        for (int i = 0; i < nx; i++) {
            filterX[i] = 2.0f * (float) Math.cos(Math.PI / (nx + 1) * (i + 1));
            cosX[i] = 2 * Math.cos(Math.PI * (i + 1) / (nx + 1));
        }
        for (int j = 0; j < ny; j++) {
            filterY[j] = 2.0f * (float) Math.cos(Math.PI / (ny + 1) * (j + 1));
            cosY[j] = 2 * Math.cos(Math.PI * (j + 1) / (ny + 1));
        }
        double[] d = new double[nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                d[j * nx + i] = precision == Precision.OPENCV
                        ? (filterX[i] + filterY[j]) - 4f                 // float + float, then - 4, in float
                        : cosX[i] + cosY[j] - 4 - epsilon;
            }
        }
        return d;
    }

    /** I(x + 1) - I(x); the last column reflects (reflect-101), which never reaches the interior's equations. */
    static float[] gradX(int[] img, int w, int h) {
        float[] g = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) g[y * w + x] = img[y * w + (x + 1 < w ? x + 1 : Math.max(0, w - 2))] - img[y * w + x];
        }
        return g;
    }

    static float[] gradY(int[] img, int w, int h) {
        float[] g = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) g[y * w + x] = img[(y + 1 < h ? y + 1 : Math.max(0, h - 2)) * w + x] - img[y * w + x];
        }
        return g;
    }

    /** One 3x3 erosion (minimum) where everything outside the w x h ROI counts as {@code outside}. */
    static int[] erode3x3(int[] m, int w, int h, int outside) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int min = 255;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy;
                        min = Math.min(min, xx < 0 || yy < 0 || xx >= w || yy >= h ? outside : m[yy * w + xx]);
                    }
                }
                out[y * w + x] = min;
            }
        }
        return out;
    }

    static Image8 zeroBorder(Image8 mask) {
        Image8 m = mask.copy();
        for (int x = 0; x < m.width(); x++) { m.set(x, 0, 0, 0); m.set(x, m.height() - 1, 0, 0); }
        for (int y = 0; y < m.height(); y++) { m.set(0, y, 0, 0); m.set(m.width() - 1, y, 0, 0); }
        return m;
    }

    /** {x, y, w, h} of the non-zero pixels (cv::boundingRect), or null when there are none. */
    static int[] boundingBox(Image8 m) {
        int x0 = m.width(), y0 = m.height(), x1 = -1, y1 = -1;
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                if (m.get(x, y, 0) == 0) continue;
                x0 = Math.min(x0, x); x1 = Math.max(x1, x);
                y0 = Math.min(y0, y); y1 = Math.max(y1, y);
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }

    static void check(Image8 src, Image8 dst, Image8 mask) {
        if (src.channels() != 3 || dst.channels() != 3) {
            throw new IllegalArgumentException("seamlessClone: src and dst must be RGB, got src " + src.sizeString() + ", dst " + dst.sizeString());
        }
        if (mask.channels() != 1 || !mask.sameSize(src)) {
            throw new IllegalArgumentException("seamlessClone: the mask must be one channel of the source's size " + src.width() + "x"
                    + src.height() + ", got " + mask.sizeString() + "\n  ---> HINT: Matte.toMask(threshold) makes one from a matte.");
        }
    }
}
