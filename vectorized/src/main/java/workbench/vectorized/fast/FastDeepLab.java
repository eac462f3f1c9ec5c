/*
 * DeepLabv3+ (chapter 04, lesson Sec. 1.2-1.5; VainF network/_deeplab.py) prepared for the
 * machine as one FastPlan: the dilated ResNet's stem and stages (FastResNet's trunk, BN folded,
 * residual and ReLU in the epilogue), then the head -
 *   low-level projection      1x1 conv + BN + ReLU on layer1                      (one step)
 *   ASPP, Sec. 1.3            1x1 and three atrous 3x3 convs + BN + ReLU on layer4 (four steps);
 *                             the image-pooling branch: global mean, 1x1 conv, BN, ReLU on a
 *                             1 x 1 map, broadcast back over the map             (an op step)
 *                             concat of the five, 1x1 projection + BN + ReLU      (op + step)
 *   decoder, Sec. 1.4-1.5     bilinear resize to layer1's size (Bilinear, either align_corners),
 *                             concat [low, ASPP], 3x3 conv(s) + BN + ReLU, 1x1 classifier with bias
 * - and the final bilinear resize of the logits to the input size, as the module tree does.
 * Dropout is the identity at inference and has no step.
 * Twin: the module tree, DeepLabV3Plus.call on NaiveKernels.
 *
 * Trace names recorded: the backbone's stages and blocks ("backbone.layer1", ...),
 * "classifier.project", "classifier.aspp", "classifier" (the logits at layer1's size).
 * Not here: torchvision's DeepLabV3 layout (no decoder) and backbones with grouped convs; those
 * run op by op. Not thread-safe: one forward at a time (the buffers are shared).
 */
package workbench.vectorized.fast;

import java.util.List;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.Sequential;
import workbench.nn.Trace;
import workbench.portrait.ASPP;
import workbench.portrait.Bilinear;
import workbench.portrait.DeepLabHeadV3Plus;
import workbench.portrait.DeepLabV3Plus;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

public final class FastDeepLab extends Module {
    private final DeepLabV3Plus model;
    private final Workers workers;
    private final FastPlan plan = new FastPlan(3);
    private final FastPlan.Value logits;

    /** True for DeepLabv3+ on a ResNet whose stages have a fast form. */
    public static boolean supports(Module m) {
        return m instanceof DeepLabV3Plus d && FastResNet.trunkSupported(d.backbone.resnet());
    }

    public FastDeepLab(DeepLabV3Plus model, Workers workers) {
        if (!supports(model)) throw new IllegalArgumentException(model.config.name() + ": no fast form for this backbone");
        this.model = model;
        this.workers = workers;
        FastPlan.Value[] stages = FastResNet.trunk(plan, model.backbone.resnet());
        DeepLabHeadV3Plus head = model.classifier;
        FastPlan.Value low = convBnRelu(head.project, stages[0], head.project.name());
        FastPlan.Value aspp = aspp(head.aspp, stages[3]);
        boolean corners = head.alignCorners;
        FastPlan.Value up = plan.op(head.aspp.name() + ".resized", aspp.C, low,
                (ins, out) -> out.fill(Bilinear.resize(ins.get(0).toNchw(), out.H, out.W, corners)), aspp);
        FastPlan.Value x = plan.concat(head.name() + ".cat", low, up);
        Sequential c = head.classifier;
        int last = c.size() - 1;
        for (int i = 0; i < last; i += 3) x = plan.conv((Conv2d) c.get(i), (BatchNorm2d) c.get(i + 1), x, null, true);
        this.logits = plan.conv((Conv2d) c.get(last), null, x, null, false, head.name());
    }

    /** A Sequential(conv, BN, ReLU, ...) as one fused step. */
    private FastPlan.Value convBnRelu(Sequential s, FastPlan.Value in, String... names) {
        return plan.conv((Conv2d) s.get(0), (BatchNorm2d) s.get(1), in, null, true, names);
    }

    /** torchvision ASPP: four conv branches, the pooled branch, their concat and the projection. */
    private FastPlan.Value aspp(ASPP a, FastPlan.Value in) {
        FastPlan.Value[] branches = new FastPlan.Value[a.convs.size()];
        for (int i = 0; i < branches.length - 1; i++) branches[i] = convBnRelu((Sequential) a.convs.get(i), in);
        ASPP.ASPPPooling pooling = (ASPP.ASPPPooling) a.convs.get(branches.length - 1);
        Conv2d conv = (Conv2d) pooling.body.get(1);
        BatchNorm2d bn = (BatchNorm2d) pooling.body.get(2);
        VectorKernels k = new VectorKernels();
        branches[branches.length - 1] = plan.op(pooling.name(), conv.outChannels, in, (ins, out) -> {
            // AdaptiveAvgPool2d(1) -> conv 1x1 -> BN -> ReLU on a 1 x 1 map, then the bilinear
            // "resize" from 1 x 1, which is a broadcast
            Nhwc src = ins.get(0);
            float[][] means = PoolKernel.globalAverage(src);
            Tensor pooled = Tensor.zeros(src.N, src.C, 1, 1);
            for (int n = 0; n < src.N; n++) System.arraycopy(means[n], 0, pooled.data(), n * src.C, src.C);
            Context quiet = new Context(k, Trace.NONE);
            Tensor y = pooling.body.get(3).call(bn.call(conv.call(pooled, quiet), quiet), quiet);
            for (int n = 0; n < out.N; n++)
                for (int yy = 0; yy < out.H; yy++)
                    for (int xx = 0; xx < out.W; xx++) System.arraycopy(y.data(), n * out.C, out.data, out.index(n, yy, xx), out.C);
        }, in);
        FastPlan.Value cat = plan.concat(a.convs.name(), branches);
        return convBnRelu(a.project, cat, a.name());
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(model.config.name() + ": expected input (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: DeepLab takes RGB images as NCHW float32, normalised with ImageNet mean/std.");
        }
        Tensor y;
        synchronized (this) {
            plan.load(x);
            plan.run(workers, ctx);
            y = plan.buffer(logits).toNchw();
        }
        return Bilinear.resize(y, x.dim(2), x.dim(3), model.config.alignCorners());
    }

    public int threads() { return workers.threads(); }

    /** Multiply-adds of the plan's convolutions (the pooled branch's 1x1 conv on a 1 x 1 map aside). */
    public long macs(int n, int h, int w) { return plan.macs(n, h, w); }

    /** Turns per-step timing on or off. */
    public void profile(boolean on) { plan.profile(on); }

    public List<FastPlan.StepTime> lastProfile() { return plan.lastProfile(); }

    @Override
    public String describe() {
        return "FastDeepLab(" + model.config.name() + ", " + plan.size() + " steps, " + workers.threads() + " thread(s), "
                + ConvKernel.S.vectorBitSize() + "-bit)";
    }
}
