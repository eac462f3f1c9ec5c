/*
 * BN, then pad by p pixels on every side with the value BN gives to 0 (DBB, Ding et al. 2021,
 * "Diverse Branch Block", transform III; DingXiaoH/DiverseBranchBlock diversebranchblock.py:
 * BNAndPadLayer). Per channel c the pad value is
 *   beta_c - running_mean_c * gamma_c / sqrt(running_var_c + eps)     (= BN(0), not 0)
 * Why: a 1x1 conv-BN followed by a KxK conv merges into one KxK conv (transform III) only if the
 * KxK conv sees the 1x1 branch's output b1 wherever its window lies outside the image, exactly as
 * the merged conv sees "input 0 -> output b1" there. Zero padding would break the border.
 * State_dict keys nest one level: "<parent>.bn.weight", ... ("dbb_avg.bn.bn.running_var").
 * Not here: affine=False (the official DBB always builds it affine).
 */
package workbench.reparam;

import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class BNAndPadLayer extends Module {
    public final int padPixels;
    public final BatchNorm2d bn;

    public BNAndPadLayer(int padPixels, int numFeatures) {
        this.padPixels = padPixels;
        this.bn = register("bn", new BatchNorm2d(numFeatures));
    }

    /** BN applied to an input of 0, per channel: the value the border is filled with. */
    public float[] padValues() {
        int C = bn.numFeatures;
        float[] v = new float[C];
        for (int c = 0; c < C; c++) {
            float std = (float) Math.sqrt(bn.runningVar.data()[c] + bn.eps);
            v[c] = bn.bias.data()[c] - bn.runningMean.data()[c] * bn.weight.data()[c] / std;
        }
        return v;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        Tensor y = bn.call(x, ctx);
        return padPixels > 0 ? ReparamOps.padWithChannelValues(y, padPixels, padValues()) : y;
    }

    @Override
    public String describe() { return "BNAndPadLayer(" + bn.numFeatures + ", pad=" + padPixels + ")"; }
}
