/*
 * Draws a tensor as a heat map: the last two dimensions are one tile (rows x columns), every leading
 * index one more tile, laid out in a grid. Colours follow the project's visual grammar (STYLE.md,
 * after cnn-explainer): signed values on a diverging blue-white-red map centred at 0, non-negative
 * values on viridis; one scale for all tiles, written under the grid. Pixels stay square.
 * Not here: per-channel normalisation switches (the web visualizer has them).
 */
package workbench.notebook;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import workbench.tensor.Tensor;

final class Heatmap {
    private Heatmap() {}

    private static final int[][] VIRIDIS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    private static final int[][] RDBU = {{5, 48, 97}, {67, 147, 195}, {247, 247, 247}, {214, 96, 77}, {103, 0, 31}};

    static BufferedImage draw(Tensor t, int maxTiles) {
        int[] s = t.shape();
        int h = s.length >= 2 ? s[s.length - 2] : 1;
        int w = s.length >= 1 ? s[s.length - 1] : 1;
        int tiles = Math.max(1, Math.min(maxTiles, t.numel() / Math.max(1, h * w)));
        int cols = (int) Math.ceil(Math.sqrt(tiles));
        int rows = (tiles + cols - 1) / cols;
        int scale = Math.max(1, Math.min(16, 96 / Math.max(h, w)));
        int gap = tiles > 1 ? 2 : 0, legend = 18;
        int width = Math.max(160, cols * (w * scale + gap));
        int height = rows * (h * scale + gap) + legend;

        float[] d = t.data();
        float min = t.numel() == 0 ? 0 : t.min(), max = t.numel() == 0 ? 0 : t.max();
        boolean signed = min < 0;
        float range = signed ? Math.max(Math.abs(min), Math.abs(max)) : max - min;
        if (range == 0) range = 1;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int tile = 0; tile < tiles; tile++) {
            int x0 = (tile % cols) * (w * scale + gap), y0 = (tile / cols) * (h * scale + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = d[tile * h * w + y * w + x];
                    double u = signed ? 0.5 + 0.5 * v / range : (v - min) / range;   // 0..1 along the colour map
                    g.setColor(lerp(signed ? RDBU : VIRIDIS, u));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int shown = Math.min(tiles, t.numel() / Math.max(1, h * w));
        g.drawString(String.format(Locale.ROOT, "%s  min %.3g  max %.3g%s", t.shapeString(), min, max,
                shown < t.numel() / Math.max(1, h * w) ? "  (first " + shown + " tiles)" : ""), 2, height - 5);
        g.dispose();
        return img;
    }

    private static Color lerp(int[][] map, double u) {
        if (Double.isNaN(u)) return Color.MAGENTA;
        u = Math.max(0, Math.min(1, u)) * (map.length - 1);
        int i = Math.min(map.length - 2, (int) u);
        double f = u - i;
        int[] a = map[i], b = map[i + 1];
        return new Color((int) (a[0] + f * (b[0] - a[0])), (int) (a[1] + f * (b[1] - a[1])), (int) (a[2] + f * (b[2] - a[2])));
    }
}
