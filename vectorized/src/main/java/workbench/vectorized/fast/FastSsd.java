/*
 * SSD (SSD Sec. 2.1, Fig. 2; torchvision ssd.py) prepared for the machine: the whole VGG16 base and
 * the extra layers become one FastPlan - every conv + ReLU one ConvKernel step with its bias in the
 * epilogue, every max pool (ceil-mode pool3, pool5 3x3/1) one PoolKernel step - on NHWC buffers
 * allocated once per input shape, weights packed once here rather than at the first image. The six
 * (seven for SSD512) feature maps leave the plan as NCHW tensors: conv4_3 through L2Norm, as the
 * module tree does; the heads then run op by op on the same kernels (their 3x3 convs take the
 * NCHW maps), and the default boxes come from the model's own generator (SSD.fromFeatures).
 * Twin: the module tree, SSD.run on NaiveKernels.
 *
 * Trace names: each fused step records the name of its ReLU (or pool), and a block's name where
 * the block ends ("backbone.features", "backbone.extra.0"); a conv's output before its ReLU is
 * fused away, so those names are absent here. "backbone.out.<i>", the heads and "anchors" are as
 * in the module tree.
 * Not thread-safe: one forward at a time (the buffers are shared).
 */
package workbench.vectorized.fast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.ssd.L2Norm;
import workbench.ssd.ModuleList;
import workbench.ssd.SSD;
import workbench.ssd.SsdForward;
import workbench.tensor.Tensor;

public final class FastSsd extends Module implements SsdForward {
    private final SSD model;
    private final Workers workers;
    private final FastPlan plan = new FastPlan(3);
    /** The plan values that are feature maps: conv4_3 (before L2Norm), fc7, conv8_2, ... */
    private final List<FastPlan.Value> maps = new ArrayList<>();

    /** True when the backbone is made only of convs (groups = 1), ReLUs that follow a conv, and max pools. */
    public static boolean supports(Module m) {
        if (!(m instanceof SSD s)) return false;
        List<Module> leaves = new ArrayList<>();
        flatten(s.backbone.features, leaves, new LinkedHashMap<>());
        for (int i = 0; i < s.backbone.extra.size(); i++) flatten(s.backbone.extra.get(i), leaves, new LinkedHashMap<>());
        for (int i = 0; i < leaves.size(); i++) {
            Module leaf = leaves.get(i);
            boolean ok = leaf instanceof Conv2d c && c.spec.groups() == 1 || leaf instanceof MaxPool2d
                    || leaf instanceof ReLU && i > 0 && leaves.get(i - 1) instanceof Conv2d;
            if (!ok) return false;
        }
        return true;
    }

    public FastSsd(SSD model, Workers workers) {
        if (!supports(model)) throw new IllegalArgumentException(model.config.name() + ": no fast form for this backbone");
        this.model = model;
        this.workers = workers;
        FastPlan.Value x = chain(model.backbone.features, plan.input());
        maps.add(x);
        ModuleList extra = model.backbone.extra;
        for (int i = 0; i < extra.size(); i++) {
            x = chain(extra.get(i), x);
            maps.add(x);
        }
    }

    /** Appends a block's layers to the plan: conv (+ the ReLU after it), max pool. */
    private FastPlan.Value chain(Module block, FastPlan.Value x) {
        List<Module> leaves = new ArrayList<>();
        Map<Module, List<String>> endNames = new LinkedHashMap<>();
        flatten(block, leaves, endNames);
        for (int i = 0; i < leaves.size(); i++) {
            Module leaf = leaves.get(i);
            List<String> names = new ArrayList<>();
            if (leaf instanceof Conv2d c) {
                boolean relu = i + 1 < leaves.size() && leaves.get(i + 1) instanceof ReLU;
                if (relu) leaf = leaves.get(++i);
                names.add(leaf.name());
                names.addAll(endNames.getOrDefault(leaf, List.of()));
                x = plan.conv(c, null, x, null, relu, names.toArray(String[]::new));
            } else {
                MaxPool2d p = (MaxPool2d) leaf;
                x = plan.maxPool(p.spec, x, p.name());
            }
        }
        return x;
    }

    /** The leaves of nested Sequentials in call order; endNames maps a leaf to the blocks that end with it. */
    private static void flatten(Module m, List<Module> leaves, Map<Module, List<String>> endNames) {
        if (m instanceof Sequential s) {
            for (int i = 0; i < s.size(); i++) flatten(s.get(i), leaves, endNames);
            if (!leaves.isEmpty()) endNames.computeIfAbsent(leaves.get(leaves.size() - 1), k -> new ArrayList<>()).add(s.name());
        } else {
            leaves.add(m);
        }
    }

    @Override
    public SSD.Outputs run(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(model.config.name() + ": expected an image batch (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: SSD takes RGB images normalised as SSD.transform does, NCHW float32.");
        }
        List<Tensor> features = new ArrayList<>();
        synchronized (this) {
            plan.load(x);
            plan.run(workers, ctx);
            for (FastPlan.Value v : maps) features.add(plan.buffer(v).toNchw());
        }
        // Sec. 3 of the paper: conv4_3 is L2-normalised and rescaled before its heads
        features.set(0, L2Norm.apply(features.get(0), model.backbone.scale_weight));
        String prefix = model.backbone.name().isEmpty() ? "" : model.backbone.name() + ".";
        for (int i = 0; i < features.size(); i++) ctx.trace().record(prefix + "out." + i, features.get(i));
        return model.fromFeatures(features, x.dim(2), x.dim(3), ctx);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return run(x, ctx).clsLogits();
    }

    /** Multiply-adds of the backbone's convolutions (the plan) for one n x 3 x h x w input. */
    public long backboneMacs(int n, int h, int w) { return plan.macs(n, h, w); }

    public int threads() { return workers.threads(); }

    /** Turns per-step timing of the backbone on or off. */
    public void profile(boolean on) { plan.profile(on); }

    public List<FastPlan.StepTime> lastProfile() { return plan.lastProfile(); }

    @Override
    public String describe() {
        return "FastSsd(" + model.config.name() + ", backbone in " + plan.size() + " fused steps, " + workers.threads() + " thread(s), "
                + ConvKernel.S.vectorBitSize() + "-bit; heads op by op)";
    }
}
