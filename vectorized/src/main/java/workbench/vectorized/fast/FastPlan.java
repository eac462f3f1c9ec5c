/*
 * A prepared network as a straight-line program: every conv (+ folded BN) (+ residual add)
 * (+ ReLU) is one ConvKernel step, every max pool one PoolKernel step, each reading and writing
 * NHWC buffers with built-in padding; what cannot be fused (a concatenation, a bilinear resize,
 * a pooled branch) is an op step with a function of its own. The plan is built once from the module tree (weights packed,
 * BN folded); buffers are allocated once per input shape and reused. FastResNet, FastSsd and
 * FastDeepLab are plans plus what their models do around them (global pooling and fc; L2Norm and
 * the head rows; the final resize).
 * Twin: the module tree run op by op (NaiveKernels), which the plan equals within fp32
 * summation-order error.
 *
 * Padding: a Value's border is the largest padding any consumer needs, so consumers read their
 * zero padding from the buffer instead of testing bounds; the producer writes only the interior.
 * Traces: a step's names are recorded (NCHW, real channels) when the trace wants them.
 * Not thread-safe: one run at a time (the buffers are shared).
 */
package workbench.vectorized.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import workbench.kernels.Pool2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;

public final class FastPlan {
    /** A value in the plan: an activation with its channels and the border its consumers need. */
    public static final class Value {
        public final int C, Cp;
        int pad;
        Value(int C, int Cp) { this.C = C; this.Cp = Cp; }
    }

    /** A step the plan cannot fuse (a concatenation, a resize, a pooled branch): reads `inputs`, writes `out`'s interior. */
    @FunctionalInterface
    public interface Op {
        void run(List<Nhwc> inputs, Nhwc out);
    }

    private sealed interface Step permits ConvStep, PoolStep, OpStep {}
    private record ConvStep(PackedConv conv, Value in, Value out, Value res, boolean relu, String[] names) implements Step {}
    private record PoolStep(Pool2dSpec spec, Value in, Value out, String name) implements Step {}
    private record OpStep(String name, List<Value> inputs, Value like, Value out, Op op) implements Step {}

    private final List<Step> steps = new ArrayList<>();
    private final Value input;

    private int[] shape;
    private Map<Value, Nhwc> buffers;
    private long[] stepNanos;
    private boolean profiling;

    /** A plan whose input has C channels (stored unpadded: the 3-channel image). */
    public FastPlan(int inputChannels) {
        this.input = new Value(inputChannels, inputChannels);
    }

    public Value input() { return input; }

    public int size() { return steps.size(); }

    /** out = conv(in) with BN folded (bn may be null), (+ res), (ReLU); names are recorded in traces. */
    public Value conv(Conv2d c, BatchNorm2d bn, Value in, Value res, boolean relu, String... names) {
        PackedConv p = new PackedConv(c.name(), c, bn, in.Cp);
        Value out = new Value(p.K, p.Kp);
        in.pad = Math.max(in.pad, Math.max(c.spec.padH(), c.spec.padW()));
        steps.add(new ConvStep(p, in, out, res, relu, names));
        return out;
    }

    /** out = maxPool(in); taps outside the input are skipped (-inf padding), ceil mode as the spec says. */
    public Value maxPool(Pool2dSpec spec, Value in, String name) {
        Value out = new Value(in.C, in.Cp);
        steps.add(new PoolStep(spec, in, out, name));
        return out;
    }

    /** out = op(inputs): C channels at the spatial size of `like`; recorded in traces under `name`. */
    public Value op(String name, int C, Value like, Op op, Value... inputs) {
        Value out = new Value(C, ConvKernel.roundUp(C, ConvKernel.KB));
        steps.add(new OpStep(name, List.of(inputs), like, out, op));
        return out;
    }

    /** torch.cat(parts, dim=1): the parts' real channels side by side, in order (all of one spatial size). */
    public Value concat(String name, Value... parts) {
        int C = 0;
        for (Value v : parts) C += v.C;
        return op(name, C, parts[0], (ins, out) -> {
            for (int n = 0; n < out.N; n++)
                for (int y = 0; y < out.H; y++)
                    for (int x = 0; x < out.W; x++) {
                        int o = out.index(n, y, x);
                        for (Nhwc in : ins) {
                            System.arraycopy(in.data, in.index(n, y, x), out.data, o, in.C);
                            o += in.C;
                        }
                    }
        }, parts);
    }

    /** Allocates the buffers for an NCHW input shape (once per shape) and fills the input buffer. */
    public void load(workbench.tensor.Tensor x) {
        allocate(x.shape());
        buffers.get(input).fill(x);
    }

    /** The buffer of a value for the current input shape. */
    public Nhwc buffer(Value v) {
        if (buffers == null) throw new IllegalStateException("no input loaded yet");
        return buffers.get(v);
    }

    /** Runs every step in order on `workers`; records the steps' names the trace wants. */
    public void run(Workers workers, Context ctx) {
        if (profiling && (stepNanos == null || stepNanos.length != steps.size())) stepNanos = new long[steps.size()];
        for (int si = 0; si < steps.size(); si++) {
            long t0 = profiling ? System.nanoTime() : 0;
            switch (steps.get(si)) {
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
                case OpStep o -> {
                    List<Nhwc> ins = new ArrayList<>();
                    for (Value v : o.inputs()) ins.add(buffers.get(v));
                    Nhwc out = buffers.get(o.out());
                    o.op().run(ins, out);
                    if (ctx.trace().wants(o.name())) ctx.trace().record(o.name(), out.toNchw());
                }
            }
            if (profiling) stepNanos[si] = System.nanoTime() - t0;
        }
    }

    /** Buffers for an input shape: sizes follow from each step's geometry. */
    private void allocate(int[] s) {
        if (Arrays.equals(s, shape)) return;
        if (s.length != 4 || s[1] != input.C) {
            throw new IllegalArgumentException("expected input (N, " + input.C + ", H, W), got " + Arrays.toString(s));
        }
        Map<Value, Nhwc> b = new IdentityHashMap<>();
        int N = s[0];
        b.put(input, new Nhwc(N, s[2], s[3], input.C, input.Cp, input.pad));
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
                case OpStep o -> {
                    Nhwc like = b.get(o.like());
                    b.put(o.out(), new Nhwc(N, like.H, like.W, o.out().C, o.out().Cp, o.out().pad));
                }
            }
        }
        buffers = b;
        shape = s.clone();
    }

    /** Multiply-adds of the plan's convolutions for an input of n x C x h x w. */
    public long macs(int n, int h, int w) {
        long total = 0;
        Map<Value, int[]> sizes = new IdentityHashMap<>();
        sizes.put(input, new int[] {h, w});
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
                case OpStep o -> sizes.put(o.out(), sizes.get(o.like()));
            }
        }
        return total;
    }

    /** One row of a profile: a fused step, its multiply-adds and its time in the last run. */
    public record StepTime(String name, String kind, long macs, double millis) {}

    /** Turns per-step timing on or off (off by default: it costs two clock reads per step). */
    public void profile(boolean on) { profiling = on; }

    /** Per-step times of the last run (profiling must have been on), with each step's multiply-adds. */
    public List<StepTime> lastProfile() {
        if (stepNanos == null || shape == null) throw new IllegalStateException("no profile yet: call profile(true), then run");
        List<StepTime> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            switch (steps.get(i)) {
                case ConvStep c -> {
                    Nhwc in = buffers.get(c.in());
                    PackedConv p = c.conv();
                    rows.add(new StepTime(p.name, p.kh + "x" + p.kw + "/" + p.spec.strideH() + " " + p.C + "->" + p.K + " @" + in.H + "x" + in.W,
                            p.macs(in.N, in.H, in.W), stepNanos[i] / 1e6));
                }
                case PoolStep p -> rows.add(new StepTime(p.name(), "maxpool", 0, stepNanos[i] / 1e6));
                case OpStep o -> rows.add(new StepTime(o.name(), "op", 0, stepNanos[i] / 1e6));
            }
        }
        return rows;
    }
}
