/*
 * Bilinear resizing of an 8-bit picture to another size (lesson Sec. 5.4: a background of another size
 * is fitted to the frame). Half-pixel centres, as OpenCV's INTER_LINEAR and torch's align_corners=False
 * (Sec. 1.5): src = (dst + 0.5) * in / out - 0.5, clamped to the picture, rounded to the nearest level.
 * The aspect ratio is not kept: the background is stretched to cover the frame exactly.
 * Not here: area averaging for strong downscaling, cropping to keep the aspect ratio.
 */
package workbench.portrait.pipeline;

import workbench.portrait.image.Image8;

public final class Resize {
    private Resize() {}

    public static Image8 bilinear(Image8 src, int width, int height) {
        if (src.width() == width && src.height() == height) return src;
        int c = src.channels();
        Image8 out = new Image8(width, height, c);
        double sx = (double) src.width() / width, sy = (double) src.height() / height;
        for (int y = 0; y < height; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height() - 1);
            int y0 = (int) fy, y1 = Math.min(y0 + 1, src.height() - 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width() - 1);
                int x0 = (int) fx, x1 = Math.min(x0 + 1, src.width() - 1);
                double wx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double top = (1 - wx) * src.get(x0, y0, k) + wx * src.get(x1, y0, k);
                    double bottom = (1 - wx) * src.get(x0, y1, k) + wx * src.get(x1, y1, k);
                    out.set(x, y, k, (int) Math.round((1 - wy) * top + wy * bottom));
                }
            }
        }
        return out;
    }
}
