/*
 * SSD (SSD Sec. 2.1, Fig. 2; torchvision ssd.py) prepared for the machine: the whole VGG16 base and
 * the extra layers become one FastPlan - every conv + ReLU one ConvKernel step with its bias in the
 * epilogue, every max pool (ceil-mode pool3, pool5 3x3/1) one PoolKernel step - on NHWC buffers
 * allocated once per input shape, weights packed once here rather than at the first image. The
 * heads' 3x3 convs (SSDScoringHead, Sec. 2.1 "convolutional predictors") are steps of the same
 * plan reading the feature maps' buffers; conv4_3's map is first L2-normalised (L2Norm, on NCHW as
 * in the module tree) and its two head convs run in a second small plan. A head conv's NHWC output
 * is already in the order torchvision's permute produces: channel a*K + k of pixel (y, x) is
 * column k of row (y*W + x)*A + a, so the rows are the first A*K channels of each pixel.
 * The default boxes come from the model's own generator (SSD.anchors).
 * Twin: the module tree, SSD.run on NaiveKernels.
 *
 * Trace names: each fused step records the name of its ReLU (or pool), and a block's name where
 * the block ends ("backbone.features", "backbone.extra.0"); a conv's output before its ReLU is
 * fused away, so those names are absent here. "backbone.out.<i>", the heads' outputs (NHWC order,
 * recorded under the head conv's name) and "head.regression_head" / "head.classification_head"
 * and "anchors" are as in the module tree.
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
    /** conv4_3's heads, after L2Norm: a plan of their own whose input is the normalised map. */
    private final FastPlan level0;
    /** Per level: the head convs' outputs, in level0 for level 0 and in plan for the others. */
    private final List<FastPlan.Value> reg = new ArrayList<>(), cls = new ArrayList<>();

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
        this.level0 = new FastPlan(maps.get(0).C);
        for (int i = 0; i < maps.size(); i++) {
            FastPlan p = i == 0 ? level0 : plan;
            FastPlan.Value in = i == 0 ? level0.input() : maps.get(i);
            Conv2d r = (Conv2d) model.head.regression_head.module_list.get(i), c = (Conv2d) model.head.classification_head.module_list.get(i);
            reg.add(p.conv(r, null, in, null, false, r.name()));
            cls.add(p.conv(c, null, in, null, false, c.name()));
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
        Tensor bbox, logits;
        synchronized (this) {
            plan.load(x);
            plan.run(workers, ctx);
            for (FastPlan.Value v : maps) features.add(plan.buffer(v).toNchw());
            // Sec. 3 of the paper: conv4_3 is L2-normalised and rescaled before its heads
            features.set(0, L2Norm.apply(features.get(0), model.backbone.scale_weight));
            level0.load(features.get(0));
            level0.run(workers, ctx);
            bbox = rows(reg, model.head.regression_head.numColumns);
            logits = rows(cls, model.head.classification_head.numColumns);
        }
        String prefix = model.backbone.name().isEmpty() ? "" : model.backbone.name() + ".";
        for (int i = 0; i < features.size(); i++) ctx.trace().record(prefix + "out." + i, features.get(i));
        ctx.trace().record(model.head.regression_head.name(), bbox);
        ctx.trace().record(model.head.classification_head.name(), logits);
        return new SSD.Outputs(features, bbox, logits, model.anchors(features, x.dim(2), x.dim(3), ctx));
    }

    /** (N, sum_i H_i W_i A_i, K): each level's head output, pixel by pixel, its first A*K channels (torch.cat of the levels). */
    private Tensor rows(List<FastPlan.Value> heads, int K) {
        int n = plan.buffer(maps.get(0)).N, total = 0;
        List<Nhwc> outs = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            Nhwc o = (i == 0 ? level0 : plan).buffer(heads.get(i));
            outs.add(o);
            total += o.H * o.W * o.C;
        }
        Tensor t = Tensor.zeros(n, total / K, K);
        float[] d = t.data();
        for (int b = 0, at = 0; b < n; b++) {
            for (Nhwc o : outs) {
                for (int y = 0; y < o.H; y++)
                    for (int xx = 0; xx < o.W; xx++, at += o.C) System.arraycopy(o.data, o.index(b, y, xx), d, at, o.C);
            }
        }
        return t;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        return run(x, ctx).clsLogits();
    }


    public int threads() { return workers.threads(); }

    /** Turns per-step timing on or off. */
    public void profile(boolean on) {
        plan.profile(on);
        level0.profile(on);
    }

    /** Per-step times of the last forward: the backbone and heads of levels 1.., then level 0's heads. */
    public List<FastPlan.StepTime> lastProfile() {
        List<FastPlan.StepTime> rows = new ArrayList<>(plan.lastProfile());
        rows.addAll(level0.lastProfile());
        return rows;
    }

    @Override
    public String describe() {
        return "FastSsd(" + model.config.name() + ", backbone and heads in " + (plan.size() + level0.size()) + " fused steps, " + workers.threads() + " thread(s), "
                + ConvKernel.S.vectorBitSize() + "-bit)";
    }
}
