/*
 * Built-in demo inputs, drawn by code (no files, no downloads): "shapes" (sky, sun, a red square,
 * a green triangle, grass), "stripes" (an oriented grating with a blob) and "checker" (a
 * checkerboard under a soft spotlight). Each renders at any size as an RGB tensor (3, H, W) in [0, 1].
 * Used by the ResNet and SSD pages. Not here: natural photographs.
 */
package workbench.web;

import java.util.List;
import workbench.tensor.Tensor;

public final class DemoImages {
    private DemoImages() {}

    public static final List<String> NAMES = List.of("shapes", "stripes", "checker");

    public static boolean exists(String name) { return NAMES.contains(name); }

    public static Tensor render(String name, int h, int w) {
        Tensor t = Tensor.zeros(3, h, w);
        float[] d = t.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x + 0.5) / w, v = (y + 0.5) / h;
                double[] rgb = switch (name) {
                    case "shapes" -> shapes(u, v);
                    case "stripes" -> stripes(u, v);
                    case "checker" -> checker(u, v);
                    default -> throw ApiError.notFound("no demo image named '" + name + "'",
                            "demo images are " + String.join(", ", NAMES) + "; or upload your own with POST /api/upload");
                };
                for (int c = 0; c < 3; c++) d[(c * h + y) * w + x] = (float) Math.min(1, Math.max(0, rgb[c]));
            }
        }
        return t;
    }

    private static double[] shapes(double u, double v) {
        double[] c = v < 0.72 ? new double[] {0.45 + 0.3 * v, 0.65 + 0.2 * v, 0.95} : new double[] {0.25, 0.6 - 0.2 * (v - 0.72), 0.2};
        if (Math.hypot(u - 0.78, v - 0.2) < 0.11) c = new double[] {1.0, 0.85, 0.2};
        if (u > 0.12 && u < 0.42 && v > 0.38 && v < 0.68) c = new double[] {0.85, 0.15, 0.12};
        double tx = u - 0.66, ty = v - 0.45;                 // triangle with apex (0.66, 0.45), base at v = 0.85
        if (ty > 0 && v < 0.85 && Math.abs(tx) < 0.5 * ty) c = new double[] {0.1, 0.75, 0.3};
        return c;
    }

    private static double[] stripes(double u, double v) {
        double s = 0.5 + 0.5 * Math.sin(2 * Math.PI * 6 * (0.8 * u + 0.6 * v));
        double blob = Math.exp(-(Math.pow(u - 0.35, 2) + Math.pow(v - 0.6, 2)) / 0.02);
        return new double[] {0.2 + 0.6 * s, 0.2 + 0.5 * s * (1 - blob), 0.3 + 0.6 * blob};
    }

    private static double[] checker(double u, double v) {
        boolean on = ((int) (u * 8) + (int) (v * 8)) % 2 == 0;
        double light = 0.35 + 0.65 * Math.exp(-(Math.pow(u - 0.55, 2) + Math.pow(v - 0.45, 2)) / 0.12);
        double b = (on ? 0.9 : 0.15) * light;
        return new double[] {b, b * 0.95, b * 0.85};
    }
}
