/*
 * ResnetAnalysis: one forward pass of a chapter-01 model on one small input, as the /resnet page shows it:
 * every traced layer with its name, type and output shape; the receptive field of each layer's cells
 * on the input; per block, the size (RMS) of the residual branch against the shortcut; per layer,
 * naive vs vectorized max difference and time (one pass each, op by op, after a warm-up pass).
 * Not here: HTTP (ResnetController), the fused fast path (its layers are not separable).
 */
package workbench.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import workbench.kernels.Kernels;
import workbench.nn.AvgPool2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.Trace;
import workbench.resnet.BasicBlock;
import workbench.resnet.Bottleneck;
import workbench.resnet.ResNet;
import workbench.tensor.Tensor;

public final class ResnetAnalysis {
    /** Receptive field of a layer's cells on the input: cell (y, x) covers [start + y*jump - size/2, ... + size). */
    public record Rf(int size, int jump, double start) {}

    public record Layer(String name, String type, int[] shape, float min, float max, Rf rf,
                        double maxDiff, double naiveMs, double vectorizedMs) {}

    public record Block(String name, double residualRms, double shortcutRms, boolean projection) {}

    public final String model;
    public final int size;
    public final Tensor input;
    public final Map<String, Tensor> trace;
    public final List<Layer> layers = new ArrayList<>();
    public final List<Block> blocks = new ArrayList<>();
    public float globalMin = Float.POSITIVE_INFINITY, globalMax = Float.NEGATIVE_INFINITY;

    /** A Trace that also notes the time since the previous record: for leaf modules, their own forward time. */
    static final class TimingTrace extends Trace {
        final Map<String, Long> nanos = new LinkedHashMap<>();
        final Runnable onRecord;
        long last = System.nanoTime();

        TimingTrace(Runnable onRecord) {
            super(n -> true);
            this.onRecord = onRecord;
        }

        @Override
        public void record(String name, Tensor t) {
            long now = System.nanoTime();
            nanos.merge(name, now - last, Long::sum);
            super.record(name, t);
            onRecord.run();
            last = System.nanoTime();
        }
    }

    /** ImageNet's per-channel mean and std, as torchvision normalises inputs. */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f}, STD = {0.229f, 0.224f, 0.225f};

    /** @param progress receives the fraction done (0..1) as modules finish; may be null */
    public ResnetAnalysis(String model, Module net, Tensor rgb, Kernels naive, Kernels vectorized, DoubleConsumer progress) {
        this.model = model;
        this.size = rgb.dim(1);
        this.input = rgb;
        Tensor x = normalise(rgb);
        int perPass = Math.max(1, net.namedModules().size());
        int[] seen = {0};
        // the naive pass takes most of the time: it counts for 80%, the two vectorized passes for 10% each
        DoubleConsumer report = progress == null ? f -> { } : progress;
        TimingTrace tn = new TimingTrace(() -> report.accept(Math.min(0.8, 0.8 * ++seen[0] / perPass)));
        net.call(x, new Context(naive, tn));
        seen[0] = 0;
        net.call(x, new Context(vectorized, new TimingTrace(() -> report.accept(0.8 + Math.min(0.1, 0.1 * ++seen[0] / perPass)))));
        seen[0] = 0;
        TimingTrace tv = new TimingTrace(() -> report.accept(0.9 + Math.min(0.1, 0.1 * ++seen[0] / perPass)));
        tv.last = System.nanoTime();
        net.call(x, new Context(vectorized, tv));
        this.trace = tn.tensors();
        Map<String, Rf> rfs = receptiveFields(net, size);
        Map<String, Module> modules = net.namedModules();
        for (Map.Entry<String, Tensor> e : trace.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            Module m = modules.get(name);
            double diff = tv.has(name) ? t.maxAbsDiff(tv.get(name)) : Double.NaN;
            double nms = tn.nanos.getOrDefault(name, 0L) / 1e6, vms = tv.nanos.getOrDefault(name, 0L) / 1e6;
            if (m != null && !m.children().isEmpty()) {            // a container: the sum of its leaves
                nms = sumUnder(tn.nanos, name) / 1e6;
                vms = sumUnder(tv.nanos, name) / 1e6;
            }
            layers.add(new Layer(name, m == null ? "Tensor" : m.getClass().getSimpleName(), t.shape(), t.min(), t.max(),
                    rfs.get(name), diff, nms, vms));
            if (t.rank() == 4) {
                globalMin = Math.min(globalMin, t.min());
                globalMax = Math.max(globalMax, t.max());
            }
        }
        String prev = net instanceof ResNet ? "maxpool" : "relu";
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Module m = e.getValue();
            String name = e.getKey();
            String residual = m instanceof BasicBlock ? name + ".bn2" : m instanceof Bottleneck ? name + ".bn3" : null;
            if (residual == null) continue;
            boolean projection = m.children().containsKey("downsample");
            String shortcut = projection ? name + ".downsample" : prev;
            if (trace.containsKey(residual) && trace.containsKey(shortcut)) {
                blocks.add(new Block(name, rms(trace.get(residual)), rms(trace.get(shortcut)), projection));
            }
            prev = name;
        }
    }

    private static long sumUnder(Map<String, Long> nanos, String prefix) {
        long s = 0;
        for (Map.Entry<String, Long> e : nanos.entrySet()) if (e.getKey().startsWith(prefix + ".")) s += e.getValue();
        return s;
    }

    static double rms(Tensor t) {
        double s = 0;
        for (float v : t.data()) s += (double) v * v;
        return Math.sqrt(s / Math.max(1, t.numel()));
    }

    static Tensor normalise(Tensor rgb) {
        int h = rgb.dim(1), w = rgb.dim(2);
        Tensor x = Tensor.zeros(1, 3, h, w);
        float[] s = rgb.data(), d = x.data();
        for (int c = 0; c < 3; c++) for (int i = 0; i < h * w; i++) d[c * h * w + i] = (s[c * h * w + i] - MEAN[c]) / STD[c];
        return x;
    }

    /**
     * Receptive fields along the main path (convs and pools outside the shortcut), in pre-order:
     * size r, jump j (input pixels per output cell) and the input centre of cell 0.
     * A container takes the field of its last main-path leaf; global pools and fc see the whole input.
     */
    static Map<String, Rf> receptiveFields(Module net, int inputSize) {
        Map<String, Rf> out = new LinkedHashMap<>();
        int r = 1, j = 1;
        double start = 0;
        boolean global = false;
        List<String> order = new ArrayList<>(net.namedModules().keySet());
        Map<String, Module> modules = net.namedModules();
        for (String name : order) {
            Module m = modules.get(name);
            if (!m.children().isEmpty() || name.isEmpty()) continue;
            if (!name.contains("downsample") && !name.contains("shortcut")) {
                int k = 0, s = 1, p = 0;
                if (m instanceof Conv2d c) {
                    k = c.spec.dilationH() * (c.kh - 1) + 1;
                    s = c.spec.strideH();
                    p = c.spec.padH();
                } else if (m instanceof MaxPool2d mp) {
                    k = mp.spec.kh(); s = mp.spec.strideH(); p = mp.spec.padH();
                } else if (m instanceof AvgPool2d ap) {
                    k = ap.spec.kh(); s = ap.spec.strideH(); p = ap.spec.padH();
                } else if (m.getClass().getSimpleName().startsWith("AdaptiveAvgPool") || m.getClass().getSimpleName().equals("Linear")) {
                    global = true;
                }
                if (k > 0) {
                    start = start + ((k - 1) / 2.0 - p) * j;
                    r = r + (k - 1) * j;
                    j = j * s;
                }
            }
            out.put(name, global ? new Rf(inputSize, inputSize, (inputSize - 1) / 2.0) : new Rf(r, j, start));
        }
        for (String name : order) {                    // containers: the field of their last leaf
            if (out.containsKey(name) || name.isEmpty()) continue;
            Rf last = null;
            for (String n : order) if (n.startsWith(name + ".") && out.containsKey(n) && !n.contains("downsample")) last = out.get(n);
            if (last != null) out.put(name, last);
        }
        for (String name : order) {                    // a block's shared relu records the block's output last
            if (name.endsWith(".relu")) {
                String block = name.substring(0, name.length() - 5);
                if (modules.get(block) instanceof BasicBlock || modules.get(block) instanceof Bottleneck) out.put(name, out.get(block));
            }
        }
        return out;
    }
}
