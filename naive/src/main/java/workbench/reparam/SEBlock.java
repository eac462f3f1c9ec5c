/*
 * Squeeze-and-excitation as RepVGG's repository uses it (DingXiaoH/RepVGG se_block.py: SEBlock; not in
 * the paper - the repository added it for the later RepVGG-D2se models). Per image and channel:
 *   s = sigmoid(up(relu(down(avg_pool2d(x, kernel_size = W)))));  out = x * s
 * down: 1x1 conv C -> C/16 with bias, up: 1x1 conv back with bias. It sits after the branch sum and
 * before the ReLU, so it is NOT folded into the fused conv: a deploy block keeps its se.* weights.
 * Deliberately kept from the official code: the pooling window is the map's width, which is a
 * global average only for square maps; non-square inputs are refused rather than silently wrong.
 */
package workbench.reparam;

import workbench.kernels.Conv2dSpec;
import workbench.kernels.Pool2dSpec;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class SEBlock extends Module {
    public final int inputChannels, internalNeurons;
    public final Conv2d down, up;

    public SEBlock(int inputChannels, int internalNeurons) {
        if (internalNeurons < 1) {
            throw new IllegalArgumentException("SEBlock(" + inputChannels + "): internal_neurons = " + internalNeurons
                    + "; RepVGG uses out_channels // 16, so use_se needs at least 16 output channels");
        }
        this.inputChannels = inputChannels;
        this.internalNeurons = internalNeurons;
        this.down = register("down", new Conv2d(inputChannels, internalNeurons, 1, 1, Conv2dSpec.of(1, 0), true));
        this.up = register("up", new Conv2d(internalNeurons, inputChannels, 1, 1, Conv2dSpec.of(1, 0), true));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        int H = x.dim(2), W = x.dim(3);
        if (H != W) {
            throw new IllegalArgumentException(name() + ": SE pools with a window of the map's width (avg_pool2d(kernel_size=W)),"
                    + " a global average only for square maps; got " + x.shapeString()
                    + "\n  ---> HINT: feed square inputs, as the official RepVGG does.");
        }
        Tensor s = ctx.kernels().avgPool2d(x, new Pool2dSpec(W, W, W, W, 0, 0, false, true));   // (N, C, 1, 1)
        s = down.call(s, ctx);
        s = ctx.kernels().relu(s);
        s = up.call(s, ctx);
        s = ReparamOps.sigmoid(s);
        return ReparamOps.scaleChannels(x, s);
    }

    @Override
    public String describe() { return "SEBlock(" + inputChannels + ", internal_neurons=" + internalNeurons + ")"; }
}
