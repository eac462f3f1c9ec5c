/*
 * Helpers for notebook cells (statically imported by notebooks/setup.jsh): compare against a golden
 * tensor with one readable line, draw a tensor as a heat map, show a model's layers and shapes.
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
