/*
 * A portrait drawn by code, for demos without photographs or network weights (the visualizer's
 * /portrait page and notebooks/04-portrait): a person-shaped silhouette (head, neck, shoulders and
 * torso; one connected region) in front of a textured brick wall, its exact mask, and a "network
 * probability" derived from that mask with the faults a real segmenter's output has (lesson Sec. 2.1
 * and 2.2): a coarse boundary (the mask averaged over 8x8 cells and resized back, as from a stride-8
 * feature map), noise in the boundary band, a false person blob in the background, a hole in the
 * torso and scattered specks. The clean-up of Sec. 2.2 has something to remove for each of them.
 * Also a second scene (sky, hills, a lake) to put the person on.
 * Seeded and deterministic: the same arguments give the same pixels on every machine.
 * Not here: anything the chapter measures (the edge correction, blending and metrics are the chapter's
 * classes, called on these pictures); photographs; motion (the video goldens carry their own clip).
 */
package workbench.portrait.image;

import java.util.SplittableRandom;

public final class SyntheticPortrait {
    private SyntheticPortrait() {}

    /** Side of the cells the probability is averaged over: the output stride of a coarse segmenter. */
    public static final int COARSE_CELL = 8;

    /** The picture, its exact mask (0/255) and the simulated network probability, all width x height. */
    public record Portrait(Image8 picture, Image8 truth, Matte probability) {}

    /** The portrait at width x height with the noise of {@code seed}. */
    public static Portrait make(int width, int height, long seed) {
        if (width < 32 || height < 32) {
            throw new IllegalArgumentException("SyntheticPortrait: " + width + "x" + height + " is too small to draw a person; use at least 32x32");
        }
        Image8 truth = silhouette(width, height);
        return new Portrait(picture(width, height, truth, seed), truth, probability(truth, seed));
    }

    /** Is (u, v) in [0, 1]^2 inside the person? Head ellipse, neck, rounded shoulders, torso to the bottom edge. */
    static boolean person(double u, double v, double aspect) {
        double cx = 0.5;
        double hx = (u - cx) * aspect / 0.125, hy = (v - 0.30) / 0.145;           // head: an upright ellipse
        if (hx * hx + hy * hy <= 1) return true;
        if (Math.abs(u - cx) * aspect <= 0.055 && v >= 0.38 && v <= 0.56) return true;   // neck
        double sx = (u - cx) / 0.33, sy = (v - 0.68) / 0.16;                      // shoulders: the top of a wide ellipse
        if (v <= 0.68 && sx * sx + sy * sy <= 1) return true;
        return v > 0.68 && Math.abs(u - cx) <= 0.33 - 0.04 * (v - 0.68);          // torso, narrowing a little
    }

    /** The exact mask: 255 where the pixel centre is inside the person. */
    public static Image8 silhouette(int width, int height) {
        Image8 m = new Image8(width, height, 1);
        double aspect = (double) width / height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (person((x + 0.5) / width, (y + 0.5) / height, aspect)) m.data()[y * width + x] = (byte) 255;
            }
        }
        return m;
    }

    /** Brick wall behind; hair, skin and a striped shirt on the person. */
    static Image8 picture(int width, int height, Image8 truth, long seed) {
        Image8 img = new Image8(width, height, 3);
        SplittableRandom rnd = new SplittableRandom(seed);
        int brickW = Math.max(8, width / 10), brickH = Math.max(4, height / 16);
        int rows = height / brickH + 2, cols = width / brickW + 2;
        double[] brickTone = new double[rows * cols];
        for (int i = 0; i < brickTone.length; i++) brickTone[i] = 0.8 + 0.35 * rnd.nextDouble();
        double aspect = (double) width / height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width, v = (y + 0.5) / height;
                double[] c;
                if (truth.get(x, y, 0) != 0) {
                    double hx = (u - 0.5) * aspect / 0.125, hy = (v - 0.30) / 0.145;
                    boolean head = hx * hx + hy * hy <= 1;
                    if (head && (hy < -0.35 || Math.abs(hx) > 0.82)) {
                        c = new double[] {0.23, 0.15, 0.10};                           // hair
                    } else if (head || v < 0.56 && Math.abs(u - 0.5) * aspect <= 0.055) {
                        double shade = 1 - 0.25 * Math.max(0, hx);                      // light from the left
                        c = new double[] {0.88 * shade, 0.68 * shade, 0.56 * shade};     // skin
                    } else {
                        boolean stripe = ((int) Math.floor(v * height / Math.max(3, height / 24))) % 2 == 0;
                        c = stripe ? new double[] {0.16, 0.30, 0.62} : new double[] {0.80, 0.82, 0.88};   // shirt
                    }
                } else {
                    int row = y / brickH, shift = (row % 2) * brickW / 2, col = (x + shift) / brickW;
                    boolean mortar = y % brickH == 0 || (x + shift) % brickW == 0;
                    double t = brickTone[(row * cols + col) % brickTone.length];
                    c = mortar ? new double[] {0.78, 0.76, 0.70} : new double[] {0.62 * t, 0.30 * t, 0.22 * t};
                }
                double grain = 0.04 * (rnd.nextDouble() - 0.5);
                for (int ch = 0; ch < 3; ch++) img.set(x, y, ch, level(c[ch] + grain));
            }
        }
        return img;
    }

    /** The mask's faults as a segmenter would make them, in [0, 1]. */
    static Matte probability(Image8 truth, long seed) {
        int w = truth.width(), h = truth.height();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        // a coarse map: the mask averaged over COARSE_CELL x COARSE_CELL cells ...
        int cw = (w + COARSE_CELL - 1) / COARSE_CELL, ch = (h + COARSE_CELL - 1) / COARSE_CELL;
        double[] coarse = new double[cw * ch];
        int[] count = new int[cw * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = (y / COARSE_CELL) * cw + x / COARSE_CELL;
                coarse[k] += truth.get(x, y, 0) / 255.0;
                count[k]++;
            }
        }
        for (int k = 0; k < coarse.length; k++) coarse[k] /= count[k];
        float[] p = new float[w * h];
        double aspect = (double) w / h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // ... resized back with bilinear interpolation between cell centres (align_corners=False)
                double gx = Math.min(cw - 1, Math.max(0, (x + 0.5) / COARSE_CELL - 0.5));
                double gy = Math.min(ch - 1, Math.max(0, (y + 0.5) / COARSE_CELL - 0.5));
                int x0 = (int) gx, y0 = (int) gy, x1 = Math.min(cw - 1, x0 + 1), y1 = Math.min(ch - 1, y0 + 1);
                double fx = gx - x0, fy = gy - y0;
                double q = (1 - fy) * ((1 - fx) * coarse[y0 * cw + x0] + fx * coarse[y0 * cw + x1])
                        + fy * ((1 - fx) * coarse[y1 * cw + x0] + fx * coarse[y1 * cw + x1]);
                // sharpen a little (a network is more confident than an average) and add noise where it is unsure
                q = 1 / (1 + Math.exp(-10 * (q - 0.5)));
                q += 0.5 * (rnd.nextDouble() - 0.5) * 4 * q * (1 - q);
                double u = (x + 0.5) / w, v = (y + 0.5) / h;
                double bx = (u - 0.13) * aspect / 0.07, by = (v - 0.22) / 0.09;
                if (bx * bx + by * by <= 1) q = 0.8;                                   // a false person blob, detached
                double tx = (u - 0.5) * aspect / 0.05, ty = (v - 0.80) / 0.06;
                if (tx * tx + ty * ty <= 1) q = 0.15;                                  // a hole in the torso
                if (rnd.nextDouble() < 0.004) q = 0.9;                                 // specks
                p[y * w + x] = (float) Math.min(1, Math.max(0, q));
            }
        }
        return new Matte(w, h, p);
    }

    /** A second scene for the person: sky, sun, hills and a lake, width x height RGB. */
    public static Image8 scene(int width, int height) {
        Image8 img = new Image8(width, height, 3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width, v = (y + 0.5) / height;
                double hill = 0.55 + 0.06 * Math.sin(6.0 * u + 1.0) + 0.03 * Math.sin(17.0 * u);
                double[] c;
                if (v > 0.80) c = new double[] {0.20, 0.42 + 0.2 * (v - 0.8), 0.58};              // lake
                else if (v > hill) c = new double[] {0.22 + 0.3 * (v - hill), 0.48 - 0.2 * (v - hill), 0.20};   // hills
                else c = new double[] {0.98 - 0.5 * v, 0.72 - 0.2 * v, 0.45 + 0.5 * v};             // evening sky
                if (Math.hypot((u - 0.78) * width / height, v - 0.25) < 0.07) c = new double[] {1.0, 0.93, 0.62};
                for (int ch = 0; ch < 3; ch++) img.set(x, y, ch, level(c[ch]));
            }
        }
        return img;
    }

    private static int level(double v) {
        return (int) Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
}
