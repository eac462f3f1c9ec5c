/*
 * Helpers for notebook cells (statically imported by notebooks/setup.jsh): compare against a golden
 * tensor with one readable line, draw a tensor as a heat map or an RGB image with boxes, show a
 * model's layers and shapes.
 * Mirrors d2l-java's habit of printing every layer's output shape once per notebook, and the
 * report line of golden-tests' TensorReport ("max|d|=... at [n,c,h,w]").
 * Deliberately not here: anything a chapter computes; cells call the chapter code themselves.
 */
package workbench.notebook;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.nn.Trace;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class Notebook {
    private Notebook() {}

    /** Result of comparing two tensors; prints as "name (1, 24, 11, 9)  max|d| = 2.4e-07 at [0,3,1,2]". */
    public record Diff(String name, int[] shape, double maxAbsDiff, int[] worstIndex) {
        /** True when max|d| is below {@code tol}. */
        public boolean within(double tol) { return maxAbsDiff < tol; }

        @Override
        public String toString() {
            StringBuilder idx = new StringBuilder("[");
            for (int i = 0; i < worstIndex.length; i++) idx.append(i > 0 ? "," : "").append(worstIndex[i]);
            return String.format(java.util.Locale.ROOT, "%s %s  max|d| = %.2e at %s]", name, Shape.str(shape), maxAbsDiff, idx);
        }
    }

    /** max |got - ref| with the multi-dimensional index of the worst element; shapes must match. */
    public static Diff diff(String name, Tensor got, Tensor ref) {
        Shape.requireSame(name, got, ref);
        float[] a = got.data(), b = ref.data();
        double worst = -1;
        int at = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) d = Double.POSITIVE_INFINITY;
            if (d > worst) { worst = d; at = i; }
        }
        return new Diff(name, got.shape(), Math.max(worst, 0), a.length == 0 ? new int[0] : got.index(at));
    }

    /** The tensor's last two dimensions as a grid of tiles (at most 64), diverging colours if signed. */
    public static BufferedImage heatmap(Tensor t) { return Heatmap.draw(t, 64); }

    /** The tensor as an HTML table (1-D and 2-D; larger ranks show their first 2-D slice). */
    public static TensorTable table(Tensor t) { return new TensorTable(t); }

    /** A table of a tensor, rendered as text/html by the kernel. */
    public record TensorTable(Tensor tensor) {}

    /** One row of a model summary. */
    public record Layer(String name, String type, String outputShape, long parameters) {}

    /** Every module's name, type, output shape and parameter count for one input; rendered as text/html. */
    public record ModelSummary(String title, String inputShape, List<Layer> layers, long totalParameters) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(title + "  input " + inputShape + "\n");
            for (Layer l : layers) {
                sb.append(String.format(java.util.Locale.ROOT, "%-28s %-22s %-20s %,d%n",
                        l.name().isEmpty() ? "(model)" : l.name(), l.type(), l.outputShape(), l.parameters()));
            }
            return sb.append(String.format(java.util.Locale.ROOT, "total parameters %,d", totalParameters)).toString();
        }
    }

    /** Runs {@code model} once on {@code x} with the naive kernels and lists what each module produced. */
    public static ModelSummary summary(Module model, Tensor x) {
        return summary(model, x, NaiveKernels.INSTANCE);
    }

    public static ModelSummary summary(Module model, Tensor x, Kernels kernels) {
        Trace trace = Trace.all();
        model.call(x, new Context(kernels, trace));
        List<Layer> rows = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            Module m = e.getValue();
            if (!trace.has(e.getKey())) continue;
            long own = m.children().isEmpty() ? m.parameterCount() : 0;
            rows.add(new Layer(e.getKey(), m.getClass().getSimpleName(), trace.get(e.getKey()).shapeString(), own));
        }
        return new ModelSummary(model.getClass().getSimpleName(), x.shapeString(), rows, model.parameterCount());
    }

    /** An RGB image tensor (3, H, W) or (1, 3, H, W) as a picture; values in [0, 255], or [0, 1] if none exceeds 1. */
    public static BufferedImage rgb(Tensor image) {
        int[] s = image.shape();
        if (!(s.length == 3 && s[0] == 3) && !(s.length == 4 && s[0] == 1 && s[1] == 3)) {
            throw new IllegalArgumentException("rgb: expected an image (3, H, W) or (1, 3, H, W), got " + image.shapeString());
        }
        int h = s[s.length - 2], w = s[s.length - 1], plane = h * w;
        float[] d = image.data();
        float unit = image.max() <= 1f ? 255f : 1f;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = clamp(d[i] * unit), g = clamp(d[plane + i] * unit), b = clamp(d[2 * plane + i] * unit);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(float v) { return Math.max(0, Math.min(255, Math.round(v))); }

    /** A copy of {@code img} with boxes (K, 4) in pixels, [x1, y1, x2, y2], drawn on it. */
    public static BufferedImage boxes(BufferedImage img, Tensor xyxy, java.awt.Color color) {
        if (xyxy.rank() != 2 || xyxy.dim(1) != 4) {
            throw new IllegalArgumentException("boxes: expected boxes of shape (K, 4) in [x1, y1, x2, y2], got " + xyxy.shapeString());
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.setColor(color);
        float[] b = xyxy.data();
        for (int k = 0; k < xyxy.dim(0); k++) {
            int x1 = Math.round(b[4 * k]), y1 = Math.round(b[4 * k + 1]), x2 = Math.round(b[4 * k + 2]), y2 = Math.round(b[4 * k + 3]);
            g.drawRect(x1, y1, Math.max(0, x2 - x1 - 1), Math.max(0, y2 - y1 - 1));
        }
        g.dispose();
        return out;
    }

    /** Pictures side by side, 4 pixels apart, on white. */
    public static BufferedImage row(BufferedImage... images) {
        int w = 0, h = 0;
        for (BufferedImage i : images) { w += i.getWidth() + 4; h = Math.max(h, i.getHeight()); }
        BufferedImage out = new BufferedImage(Math.max(1, w - 4), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int x = 0;
        for (BufferedImage i : images) { g.drawImage(i, x, 0, null); x += i.getWidth() + 4; }
        g.dispose();
        return out;
    }

    /** Displays {@code value} now (image, table, text) without returning a display id as the cell's value. */
    public static void show(Object value) {
        BaseKernel k = BaseKernel.notebookKernel();
        if (k == null) {
            System.out.println(value);
            return;
        }
        k.display(k.getRenderer().render(value));
    }
}
