/*
 * The kernel arithmetic of structural re-parameterization, one method per step, so a reader can
 * follow a multi-branch block becoming one conv:
 *   fuseBn             conv then BN (eval) == one conv with bias        RepVGG Sec. 3.3; DBB transform I
 *   addBranches        parallel branches summed == kernels summed       RepVGG Sec. 3.3; DBB transform II
 *   sequential1x1Kxk   1x1 conv then KxK conv == one KxK conv           DBB transform III
 *   depthConcat        groups side by side == kernels concatenated      DBB transform IV
 *   avgKernel          KxK average pooling == a KxK conv                DBB transform V
 *   padToKernel        1x1, 1xK, Kx1 centred in KxK                     DBB transform VI; ACNet centre row/column
 *   identityKernel     the identity as a (grouped) KxK conv             RepVGG Sec. 3.3
 * Mirrors DingXiaoH/RepVGG repvgg.py (_fuse_bn_tensor, _pad_1x1_to_3x3_tensor, id_tensor) and
 * DingXiaoH/DiverseBranchBlock dbb_transforms.py (transI..transVI) and acb.py (_add_to_square_kernel).
 * Naive reference: plain loops over (K, C, kh, kw); the arithmetic is light (kernel-sized, not
 * image-sized), so it has no vectorized twin. Arithmetic is float32, in the official code's order.
 * Not here: dilation other than 1, even kernel sizes (the official code does not test them either).
 */
package workbench.reparam;

import java.util.List;
import workbench.nn.BatchNorm2d;
import workbench.tensor.Tensor;

public final class Transforms {
    private Transforms() {}

    // ---------------------------------------------------------------------------------------------
    // Transform I: conv -> BN  ==>  one conv with bias.
    // BN in eval mode is per channel k: y = gamma_k * (z - mean_k) / sqrt(var_k + eps) + beta_k.
    // With z = (W * x)_k this is ((gamma_k / std_k) W_k) * x + (beta_k - mean_k gamma_k / std_k):
    //   W'_k = W_k * gamma_k / std_k,   b'_k = beta_k - mean_k * gamma_k / std_k,   std_k = sqrt(var_k + eps).

    /** Folds {@code bn} (running statistics) into {@code kernel} (K, C/g, kh, kw): DBB transform I. */
    public static KernelBias fuseBn(Tensor kernel, BatchNorm2d bn) {
        int K = kernel.dim(0);
        if (bn.numFeatures != K) {
            throw new IllegalArgumentException("fuseBn: kernel " + kernel.shapeString() + " has " + K
                    + " output channels but " + bn.name() + " normalises " + bn.numFeatures);
        }
        float[] gamma = bn.weight.data(), beta = bn.bias.data(), mean = bn.runningMean.data(), var = bn.runningVar.data();
        Tensor fused = Tensor.zeros(kernel.shape());
        Tensor bias = Tensor.zeros(K);
        int per = kernel.numel() / K;                       // C/g * kh * kw weights per output channel
        for (int k = 0; k < K; k++) {
            float std = (float) Math.sqrt(var[k] + bn.eps);   // float32 sqrt, as torch's (var + eps).sqrt()
            float t = gamma[k] / std;
            for (int i = 0; i < per; i++) fused.data()[k * per + i] = kernel.data()[k * per + i] * t;
            bias.data()[k] = beta[k] - mean[k] * gamma[k] / std;
        }
        return new KernelBias(fused, bias);
    }

    // ---------------------------------------------------------------------------------------------
    // Transform II: branches that see the same input with the same stride and alignment are summed
    // after the conv; convolution is linear in the kernel, so  W1*x + b1 + W2*x + b2 = (W1+W2)*x + (b1+b2).

    /** Sums kernels and biases of parallel branches (all the same shape): DBB transform II. */
    public static KernelBias addBranches(List<KernelBias> branches) {
        if (branches.isEmpty()) throw new IllegalArgumentException("addBranches: no branches to add");
        KernelBias first = branches.getFirst();
        Tensor k = Tensor.zeros(first.kernel().shape()), b = Tensor.zeros(first.bias().shape());
        for (KernelBias br : branches) {
            if (!java.util.Arrays.equals(br.kernel().shape(), k.shape())) {
                throw new IllegalArgumentException("addBranches: kernel " + br.kernel().shapeString() + " cannot be added to "
                        + k.shapeString() + "\n  ---> HINT: pad smaller kernels to KxK first (padToKernel, transform VI).");
            }
            for (int i = 0; i < k.numel(); i++) k.data()[i] += br.kernel().data()[i];
            for (int i = 0; i < b.numel(); i++) b.data()[i] += br.bias().data()[i];
        }
        return new KernelBias(k, b);
    }

    // ---------------------------------------------------------------------------------------------
    // Transform III: a 1x1 conv (F1, b1: M x C) followed by a KxK conv (F2, b2: O x M x K x K).
    // Position by position the 1x1 conv is a matrix, so  F2 * (F1 x + b1) + b2
    //   = (F2 . F1) * x + (sum_{m,h,w} F2[o,m,h,w] b1[m]) + b2,
    // with (F2 . F1)[o, c, h, w] = sum_m F2[o, m, h, w] F1[m, c].
    // The bias term needs the 1x1 output to be b1 everywhere the KxK window reaches, also at the
    // border: that is why DBB pads the 1x1 output with BN(0) and not with zeros (BNAndPadLayer).
    // With groups g, each group is merged on its own and the results stacked (transform IV).

    /** Merges a 1x1 conv followed by a KxK conv into one KxK conv: DBB transform III. */
    public static KernelBias sequential1x1Kxk(KernelBias first, KernelBias second, int groups) {
        Tensor k1 = first.kernel(), k2 = second.kernel();
        if (k1.dim(2) != 1 || k1.dim(3) != 1) {
            throw new IllegalArgumentException("sequential1x1Kxk: the first kernel must be 1x1, got " + k1.shapeString());
        }
        int M = k1.dim(0), Cg = k1.dim(1), O = k2.dim(0), Mg = k2.dim(1), kh = k2.dim(2), kw = k2.dim(3);
        if (M % groups != 0 || O % groups != 0 || M / groups != Mg) {
            throw new IllegalArgumentException("sequential1x1Kxk: kernels " + k1.shapeString() + " then " + k2.shapeString()
                    + " do not chain with groups " + groups + " (the second needs C/groups = " + (M / Math.max(1, groups)) + ")");
        }
        int Og = O / groups;
        KernelBias[] perGroup = new KernelBias[groups];
        for (int g = 0; g < groups; g++) {
            // group g: output channels [g*Og, (g+1)*Og) read intermediate channels [g*Mg, (g+1)*Mg)
            Tensor k = Tensor.zeros(Og, Cg, kh, kw), b = Tensor.zeros(Og);
            for (int o = 0; o < Og; o++) {
                int oo = g * Og + o;
                for (int m = 0; m < Mg; m++) {
                    int mm = g * Mg + m;
                    for (int c = 0; c < Cg; c++) {
                        float f1 = k1.data()[mm * Cg + c];
                        for (int h = 0; h < kh; h++)
                            for (int w = 0; w < kw; w++)
                                k.data()[((o * Cg + c) * kh + h) * kw + w] += k2.data()[((oo * Mg + m) * kh + h) * kw + w] * f1;
                    }
                    // b_hat[o] = sum_{m,h,w} F2[o,m,h,w] * b1[m]
                    float s = 0;
                    for (int hw = 0; hw < kh * kw; hw++) s += k2.data()[(oo * Mg + m) * kh * kw + hw] * first.bias().data()[mm];
                    b.data()[o] += s;
                }
                b.data()[o] += second.bias().data()[oo];
            }
            perGroup[g] = new KernelBias(k, b);
        }
        return depthConcat(List.of(perGroup));
    }

    // ---------------------------------------------------------------------------------------------
    // Transform IV: convs side by side on the same input, outputs concatenated along channels, are
    // one conv whose kernels and biases are concatenated along the output dimension.

    /** Concatenates kernels and biases along the output channels: DBB transform IV. */
    public static KernelBias depthConcat(List<KernelBias> parts) {
        KernelBias first = parts.getFirst();
        int K = 0;
        for (KernelBias p : parts) {
            if (p.kernel().dim(1) != first.kernel().dim(1) || p.kh() != first.kh() || p.kw() != first.kw()) {
                throw new IllegalArgumentException("depthConcat: kernel " + p.kernel().shapeString() + " does not stack with "
                        + first.kernel().shapeString());
            }
            K += p.outChannels();
        }
        int per = first.kernel().numel() / first.outChannels();
        Tensor k = Tensor.zeros(K, first.kernel().dim(1), first.kh(), first.kw()), b = Tensor.zeros(K);
        int at = 0;
        for (KernelBias p : parts) {
            System.arraycopy(p.kernel().data(), 0, k.data(), at * per, p.kernel().numel());
            System.arraycopy(p.bias().data(), 0, b.data(), at, p.outChannels());
            at += p.outChannels();
        }
        return new KernelBias(k, b);
    }

    // ---------------------------------------------------------------------------------------------
    // Transform V: KxK average pooling with stride s is a KxK conv with stride s whose kernel is 1/K^2
    // between a channel and itself and 0 elsewhere. With groups, "itself" is index i % (C/g) inside
    // the group. Equal at the border only if the pooling divides by K^2 there too (padding counted).

    /** The average-pooling kernel (C, C/groups, k, k): DBB transform V. */
    public static Tensor avgKernel(int channels, int k, int groups) {
        int Cg = channels / groups;
        Tensor t = Tensor.zeros(channels, Cg, k, k);
        float v = 1.0f / (k * k);
        for (int i = 0; i < channels; i++)
            for (int h = 0; h < k; h++)
                for (int w = 0; w < k; w++) t.set(v, i, i % Cg, h, w);
        return t;
    }

    // ---------------------------------------------------------------------------------------------
    // Transform VI (multi-scale): a 1x1, 1xK or Kx1 kernel applied with padding p - (K - k)/2 sees the
    // same windows as a KxK kernel with padding p whose extra rows/columns are zero. So pad the small
    // kernel with zeros, centred. RepVGG's "1x1 padded into the centre of a 3x3" is the 1x1 case;
    // ACNet's "add to the centre row / column" is the 1xK / Kx1 case.

    /** {@code kernel} (K, C/g, kh, kw) zero-padded, centred, to (K, C/g, targetH, targetW): DBB transform VI. */
    public static Tensor padToKernel(Tensor kernel, int targetH, int targetW) {
        int K = kernel.dim(0), Cg = kernel.dim(1), kh = kernel.dim(2), kw = kernel.dim(3);
        if (kh > targetH || kw > targetW || (targetH - kh) % 2 != 0 || (targetW - kw) % 2 != 0) {
            throw new IllegalArgumentException("padToKernel: cannot centre a " + kh + "x" + kw + " kernel in "
                    + targetH + "x" + targetW + " (both sizes must be odd, or differ by an even number)");
        }
        int top = (targetH - kh) / 2, left = (targetW - kw) / 2;
        Tensor out = Tensor.zeros(K, Cg, targetH, targetW);
        for (int k = 0; k < K; k++)
            for (int c = 0; c < Cg; c++)
                for (int h = 0; h < kh; h++)
                    for (int w = 0; w < kw; w++) out.set(kernel.get(k, c, h, w), k, c, top + h, left + w);
        return out;
    }

    /** The same pair with the kernel padded by {@link #padToKernel}. */
    public static KernelBias padToKernel(KernelBias kb, int targetH, int targetW) {
        return new KernelBias(padToKernel(kb.kernel(), targetH, targetW), kb.bias());
    }

    // ---------------------------------------------------------------------------------------------
    // The identity branch as a conv: output channel i copies input channel i. In a grouped conv,
    // output channel i only sees the C/g input channels of its group, where channel i is at index
    // i % (C/g) - the detail users get wrong when they write k[i, i] = 1 (it only works for g = 1).

    /** The identity as a (C, C/groups, k, k) kernel: 1 at [i, i % (C/groups), k/2, k/2]. */
    public static Tensor identityKernel(int channels, int groups, int k) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("identityKernel: " + channels + " channels not divisible by groups " + groups);
        }
        int Cg = channels / groups;
        Tensor t = Tensor.zeros(channels, Cg, k, k);
        for (int i = 0; i < channels; i++) t.set(1f, i, i % Cg, k / 2, k / 2);
        return t;
    }

    /** Element-wise a + b of two kernels of the same shape (a helper for readable call sites). */
    static Tensor add(Tensor a, Tensor b) {
        workbench.tensor.Shape.requireSame("kernel add", a, b);
        Tensor out = a.copy();
        for (int i = 0; i < out.numel(); i++) out.data()[i] += b.data()[i];
        return out;
    }
}
