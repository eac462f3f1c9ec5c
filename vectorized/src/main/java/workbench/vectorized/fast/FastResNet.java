/*
 * A ResNet (ResNet Sec. 3.3; torchvision resnet.py) prepared for the machine: every conv + BN
 * (+ ReLU) (+ residual add) becomes one ConvKernel call on NHWC buffers with built-in padding,
 * BN folded into packed weights once, buffers allocated once per input shape and reused.
 * Twin: the module tree itself, run op by op (naive: ResNet.call with NaiveKernels).
 *
 * What it records in a Trace (NCHW, real channels): "relu" and "maxpool" of the stem, every block
 * ("layer1.0") and its projection ("layer1.0.downsample"), every stage ("layer1"), "avgpool" and
 * "fc" - the names of the module tree. Tensors inside a block are fused away (conv1's output never
 * exists without its BN and ReLU), so their names are absent here; the op-by-op path has them.
 * Supports option B/C shortcuts and plain nets, both stride layouts, dilation; a model with
 * option-A shortcuts or grouped convs is refused (FastResNet.supports) and runs op by op.
 * Not thread-safe: one forward at a time (the buffers are shared).
 */
package workbench.vectorized.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import workbench.kernels.Pool2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.Sequential;
import workbench.resnet.BasicBlock;
import workbench.resnet.Bottleneck;
import workbench.resnet.ResNet;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

public final class FastResNet extends Module {
    /** A value in the plan: an activation with its channels and the border its consumers need. */
    private static final class Value {
        final int C, Cp;
        int pad;
        Value(int C, int Cp) { this.C = C; this.Cp = Cp; }
    }

    private sealed interface Step permits ConvStep, PoolStep {}
    private record ConvStep(PackedConv conv, Value in, Value out, Value res, boolean relu, String[] names) implements Step {}
    private record PoolStep(Pool2dSpec spec, Value in, Value out, String name) implements Step {}

    private final ResNet model;
    private final Workers workers;
    private final List<Step> steps = new ArrayList<>();
    private final Value input;
    private Value last;
    private final VectorKernels head = new VectorKernels();

    /** Per-step wall time of the last forward when profiling is on (ns), in step order. */
    private long[] stepNanos;
    private boolean profiling;

    // buffers of the last input shape
    private int[] shape;
    private java.util.Map<Value, Nhwc> buffers;

    /** True when every part of the model has a fast form. */
    public static boolean supports(Module m) {
        if (!(m instanceof ResNet r)) return false;
        for (Module sub : r.namedModules().values()) {
            if (sub instanceof Conv2d c && c.spec.groups() != 1) return false;
            if (sub instanceof BasicBlock b && b.downsample != null && !isProjection(b.downsample)) return false;
            if (sub instanceof Bottleneck b && b.downsample != null && !isProjection(b.downsample)) return false;
        }
        return true;
    }

    private static boolean isProjection(Module m) {
        return m instanceof Sequential s && s.size() == 2 && s.get(0) instanceof Conv2d && s.get(1) instanceof BatchNorm2d;
    }

    public FastResNet(ResNet model, Workers workers) {
        if (!supports(model)) throw new IllegalArgumentException(model.config.name() + ": no fast form (option-A shortcuts or groups)");
        this.model = model;
        this.workers = workers;
        this.input = new Value(3, 3);
        Value x = conv(model.conv1, model.bn1, input, null, true, "relu");
        Value pooled = new Value(x.C, x.Cp);
        steps.add(new PoolStep(model.maxpool.spec, x, pooled, "maxpool"));
        x = pooled;
        for (int li = 1; li <= 4; li++) {
            Sequential layer = model.layer(li);
            for (int b = 0; b < layer.size(); b++) {
                String name = "layer" + li + "." + b;
                boolean lastBlock = b == layer.size() - 1;
                String[] outNames = lastBlock ? new String[] {name, "layer" + li} : new String[] {name};
                x = block(layer.get(b), x, name, outNames);
            }
        }
        this.last = x;
    }

    private Value block(Module block, Value x, String name, String[] outNames) {
        if (block instanceof BasicBlock b) {
            Value res = b.hasShortcut ? shortcut(b.downsample, x, name) : null;
            Value h = conv(b.conv1, b.bn1, x, null, true);
            return conv(b.conv2, b.bn2, h, res, true, outNames);
        }
        Bottleneck b = (Bottleneck) block;
        Value res = b.hasShortcut ? shortcut(b.downsample, x, name) : null;
        Value h = conv(b.conv1, b.bn1, x, null, true);
        h = conv(b.conv2, b.bn2, h, null, true);
        return conv(b.conv3, b.bn3, h, res, true, outNames);
    }

    private Value shortcut(Module downsample, Value x, String name) {
        if (downsample == null) return x;                                   // identity: Eq. (1)
        Sequential s = (Sequential) downsample;                              // projection W_s: Eq. (2)
        return conv((Conv2d) s.get(0), (BatchNorm2d) s.get(1), x, null, false, name + ".downsample");
    }

    private Value conv(Conv2d c, BatchNorm2d bn, Value in, Value res, boolean relu, String... names) {
        PackedConv p = new PackedConv(c.name(), c, bn, in.Cp);
        Value out = new Value(p.K, p.Kp);
        in.pad = Math.max(in.pad, Math.max(c.spec.padH(), c.spec.padW()));
        steps.add(new ConvStep(p, in, out, res, relu, names));
        return out;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(model.config.name() + ": expected input (N, 3, H, W), got " + x.shapeString());
        }
        synchronized (this) {
            allocate(x.shape());
            buffers.get(input).fill(x);
            if (profiling && (stepNanos == null || stepNanos.length != steps.size())) stepNanos = new long[steps.size()];
            for (int si = 0; si < steps.size(); si++) {
                Step s = steps.get(si);
                long t0 = profiling ? System.nanoTime() : 0;
                switch (s) {
                    case ConvStep c -> {
                        Nhwc in = buffers.get(c.in()), out = buffers.get(c.out()), res = c.res() == null ? null : buffers.get(c.res());
                        workers.parallelFor(ConvKernel.items(c.conv(), out), (from, to) -> ConvKernel.run(c.conv(), in, out, res, c.relu(), from, to));
                        for (String n : c.names()) if (ctx.trace().wants(n)) ctx.trace().record(n, out.toNchw());
                    }
                    case PoolStep p -> {
                        Nhwc in = buffers.get(p.in()), out = buffers.get(p.out());
                        workers.parallelFor(out.N * out.H, (from, to) -> PoolKernel.maxPool(p.spec(), in, out, from, to));
                        if (ctx.trace().wants(p.name())) ctx.trace().record(p.name(), out.toNchw());
                    }
                }
                if (profiling) stepNanos[si] = System.nanoTime() - t0;
            }
            float[][] means = PoolKernel.globalAverage(buffers.get(last));
            Tensor pooled = Tensor.zeros(x.dim(0), last.C, 1, 1);
            for (int n = 0; n < means.length; n++) System.arraycopy(means[n], 0, pooled.data(), n * last.C, last.C);
            if (ctx.trace().wants("avgpool")) ctx.trace().record("avgpool", pooled);
            Tensor logits = head.linear(pooled.reshape(x.dim(0), last.C), model.fc.weight, model.fc.bias);
            ctx.trace().record("fc", logits);
            return logits;
        }
    }

    /** Buffers for an input shape: sizes follow from each step's geometry. */
    private void allocate(int[] s) {
        if (Arrays.equals(s, shape)) return;
        java.util.Map<Value, Nhwc> b = new java.util.IdentityHashMap<>();
        int N = s[0];
        b.put(input, new Nhwc(N, s[2], s[3], 3, 3, input.pad));
        for (Step step : steps) {
            switch (step) {
                case ConvStep c -> {
                    Nhwc in = b.get(c.in());
                    b.put(c.out(), new Nhwc(N, c.conv().outH(in.H), c.conv().outW(in.W), c.out().C, c.out().Cp, c.out().pad));
                }
                case PoolStep p -> {
                    Nhwc in = b.get(p.in());
                    b.put(p.out(), new Nhwc(N, p.spec().outH(in.H), p.spec().outW(in.W), p.out().C, p.out().Cp, p.out().pad));
                }
            }
        }
        buffers = b;
        shape = s.clone();
    }

    /** Multiply-adds of conv and fc for one forward pass of this input size. */
    public long macs(int n, int h, int w) {
        long total = 0;
        int[] hw = {h, w};
        java.util.Map<Value, int[]> sizes = new java.util.IdentityHashMap<>();
        sizes.put(input, hw);
        for (Step step : steps) {
            switch (step) {
                case ConvStep c -> {
                    int[] in = sizes.get(c.in());
                    total += c.conv().macs(n, in[0], in[1]);
                    sizes.put(c.out(), new int[] {c.conv().outH(in[0]), c.conv().outW(in[1])});
                }
                case PoolStep p -> {
                    int[] in = sizes.get(p.in());
                    sizes.put(p.out(), new int[] {p.spec().outH(in[0]), p.spec().outW(in[1])});
                }
            }
        }
        return total + (long) n * model.fc.inFeatures * model.fc.outFeatures;
    }

    public int threads() { return workers.threads(); }

    /** One row of a profile: a fused step, its multiply-adds and its time in the last forward. */
    public record StepTime(String name, String kind, long macs, double millis) {}

    /** Turns per-step timing on or off (off by default: it costs two clock reads per step). */
    public void profile(boolean on) { profiling = on; }

    /** Per-step times of the last forward (profiling must have been on), with each step's multiply-adds. */
    public java.util.List<StepTime> lastProfile() {
        if (stepNanos == null || shape == null) throw new IllegalStateException("no profile yet: call profile(true), then forward");
        java.util.List<StepTime> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            if (st instanceof ConvStep c) {
                Nhwc in = buffers.get(c.in());
                rows.add(new StepTime(c.conv().name, c.conv().kh + "x" + c.conv().kw + "/" + c.conv().spec.strideH() + " " + c.conv().C
                        + "->" + c.conv().K + " @" + in.H + "x" + in.W, c.conv().macs(in.N, in.H, in.W), stepNanos[i] / 1e6));
            } else if (st instanceof PoolStep p) {
                rows.add(new StepTime(p.name(), "maxpool", 0, stepNanos[i] / 1e6));
            }
        }
        return rows;
    }

    @Override
    public String describe() {
        return "FastResNet(" + model.config.name() + ", " + steps.size() + " fused steps, " + workers.threads() + " thread(s), "
                + ConvKernel.S.vectorBitSize() + "-bit)";
    }
}
