/*
 * RepVGG, the network (RepVGG Sec. 3.4; DingXiaoH/RepVGG repvgg.py: RepVGG).
 *
 *   stage0 (one block, stride 2) -> stage1 .. stage4 (first block stride 2) -> gap -> flatten -> linear
 *
 * Training form: every block has the three branches of Sec. 3.2. Deploy form (built with
 * deploy = true, or reached with convertToDeploy()): every block is one 3x3 conv + ReLU, the plain
 * VGG-style body of Sec. 3.1 and 3.3. Keys are the official ones: "stage0.rbr_dense.conv.weight",
 * "stage1.0.rbr_1x1.bn.running_var", "linear.weight"; deploy: "stage0.rbr_reparam.weight".
 * Naive reference: the wiring only; the arithmetic runs on the Context's Kernels.
 * Not here: the RepVGGplus / D2se variants' extra heads, training, the official checkpointing option.
 */
package workbench.reparam;

import workbench.nn.AdaptiveAvgPool2d;
import workbench.nn.Context;
import workbench.nn.Linear;
import workbench.nn.Module;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class RepVGG extends Module {
    public final RepVGGConfig config;
    public final RepVGGBlock stage0;
    public final Sequential stage1, stage2, stage3, stage4;
    public final AdaptiveAvgPool2d gap;
    public final Linear linear;

    public RepVGG(RepVGGConfig config, boolean deploy) {
        this.config = config;
        var specs = config.blocks();
        var s0 = specs.getFirst();
        this.stage0 = register("stage0", new RepVGGBlock(s0.in(), s0.out(), s0.stride(), s0.groups(), deploy, config.useSe()));
        Sequential[] stages = new Sequential[5];
        for (int s = 1; s <= 4; s++) stages[s] = new Sequential();
        for (var b : specs.subList(1, specs.size())) {
            int stage = b.name().charAt(5) - '0';
            stages[stage].add(new RepVGGBlock(b.in(), b.out(), b.stride(), b.groups(), deploy, config.useSe()));
        }
        this.stage1 = register("stage1", stages[1]);
        this.stage2 = register("stage2", stages[2]);
        this.stage3 = register("stage3", stages[3]);
        this.stage4 = register("stage4", stages[4]);
        this.gap = register("gap", new AdaptiveAvgPool2d(1, 1));
        this.linear = register("linear", new Linear(config.width(4), config.numClasses()));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(config.name() + ": expected input (N, 3, H, W), got " + x.shapeString()
                    + "\n  ---> HINT: RepVGG takes RGB images as NCHW float32.");
        }
        x = stage0.call(x, ctx);
        x = stage1.call(x, ctx);
        x = stage2.call(x, ctx);
        x = stage3.call(x, ctx);
        x = stage4.call(x, ctx);
        x = gap.call(x, ctx);
        x = ctx.kernels().flatten(x, 1);
        return linear.call(x, ctx);
    }

    /** Every RepVGG block, in order (stage0, stage1.0, ...). */
    public java.util.List<RepVGGBlock> blocks() {
        return namedModules().values().stream().filter(m -> m instanceof RepVGGBlock).map(m -> (RepVGGBlock) m).toList();
    }

    /** Whole-model conversion in place (the official repvgg_model_convert without the copy): every block fused. */
    public RepVGG convertToDeploy() {
        Reparameterizable.switchAllToDeploy(this);
        return this;
    }

    public boolean isDeployed() { return blocks().stream().allMatch(RepVGGBlock::isDeployed); }

    @Override
    public String describe() {
        return config.name() + "(num_blocks " + java.util.Arrays.toString(config.numBlocks()) + ", width "
                + java.util.Arrays.toString(config.widthMultiplier()) + (config.groupsMap().isEmpty() ? "" : ", grouped")
                + ", " + config.numClasses() + " classes" + (isDeployed() ? ", deploy" : "") + ")";
    }
}
