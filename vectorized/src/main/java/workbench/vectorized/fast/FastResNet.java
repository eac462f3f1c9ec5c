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
    private final ResNet model;
    private final Workers workers;
    private final FastPlan plan = new FastPlan(3);
    private final FastPlan.Value last;
    private final VectorKernels head = new VectorKernels();

    /** True when every part of the model has a fast form. */
    public static boolean supports(Module m) {
        return m instanceof ResNet r && trunkSupported(r);
    }

    /** True when the stem and stages have a fast form: no option-A shortcuts, no grouped convs. */
    static boolean trunkSupported(ResNet r) {
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
        this.last = trunk(plan, model)[3];
    }

    /**
     * Appends a ResNet's stem and stages to a plan (its input is the image) and returns the outputs
     * of layer1 .. layer4. Trace names are the modules' own: the stem's ReLU and max pool, every
     * block and projection, every stage (a stage's output is its last block's).
     */
    static FastPlan.Value[] trunk(FastPlan plan, ResNet model) {
        FastPlan.Value x = plan.conv(model.conv1, model.bn1, plan.input(), null, true, model.relu.name());
        x = plan.maxPool(model.maxpool.spec, x, model.maxpool.name());
        FastPlan.Value[] stages = new FastPlan.Value[4];
        for (int li = 1; li <= 4; li++) {
            Sequential layer = model.layer(li);
            for (int b = 0; b < layer.size(); b++) {
                Module block = layer.get(b);
                String[] outNames = b == layer.size() - 1 ? new String[] {block.name(), layer.name()} : new String[] {block.name()};
                x = block(plan, block, x, outNames);
            }
            stages[li - 1] = x;
        }
        return stages;
    }

    private static FastPlan.Value block(FastPlan plan, Module block, FastPlan.Value x, String[] outNames) {
        if (block instanceof BasicBlock b) {
            FastPlan.Value res = b.hasShortcut ? shortcut(plan, b.downsample, x) : null;
            FastPlan.Value h = plan.conv(b.conv1, b.bn1, x, null, true);
            return plan.conv(b.conv2, b.bn2, h, res, true, outNames);
        }
        Bottleneck b = (Bottleneck) block;
        FastPlan.Value res = b.hasShortcut ? shortcut(plan, b.downsample, x) : null;
        FastPlan.Value h = plan.conv(b.conv1, b.bn1, x, null, true);
        h = plan.conv(b.conv2, b.bn2, h, null, true);
        return plan.conv(b.conv3, b.bn3, h, res, true, outNames);
    }

    private static FastPlan.Value shortcut(FastPlan plan, Module downsample, FastPlan.Value x) {
        if (downsample == null) return x;                                   // identity: Eq. (1)
        Sequential s = (Sequential) downsample;                              // projection W_s: Eq. (2)
        return plan.conv((Conv2d) s.get(0), (BatchNorm2d) s.get(1), x, null, false, s.name());
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(model.config.name() + ": expected input (N, 3, H, W), got " + x.shapeString());
        }
        synchronized (this) {
            plan.load(x);
            plan.run(workers, ctx);
            float[][] means = PoolKernel.globalAverage(plan.buffer(last));
            Tensor pooled = Tensor.zeros(x.dim(0), last.C, 1, 1);
            for (int n = 0; n < means.length; n++) System.arraycopy(means[n], 0, pooled.data(), n * last.C, last.C);
            if (ctx.trace().wants("avgpool")) ctx.trace().record("avgpool", pooled);
            Tensor logits = head.linear(pooled.reshape(x.dim(0), last.C), model.fc.weight, model.fc.bias);
            ctx.trace().record("fc", logits);
            return logits;
        }
    }

    /** Multiply-adds of conv and fc for one forward pass of this input size. */
    public long macs(int n, int h, int w) {
        return plan.macs(n, h, w) + (long) n * model.fc.inFeatures * model.fc.outFeatures;
    }

    public int threads() { return workers.threads(); }

    /** Turns per-step timing on or off (off by default: it costs two clock reads per step). */
    public void profile(boolean on) { plan.profile(on); }

    /** Per-step times of the last forward (profiling must have been on), with each step's multiply-adds. */
    public java.util.List<FastPlan.StepTime> lastProfile() { return plan.lastProfile(); }

    @Override
    public String describe() {
        return "FastResNet(" + model.config.name() + ", " + plan.size() + " fused steps, " + workers.threads() + " thread(s), "
                + ConvKernel.S.vectorBitSize() + "-bit)";
    }
}
