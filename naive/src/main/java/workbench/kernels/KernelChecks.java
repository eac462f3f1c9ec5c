/*
 * Argument checks shared by both kernel twins, so a wrong shape gives the same message whichever
 * implementation runs. Messages name the operation, what was expected and what was found.
 */
package workbench.kernels;

import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class KernelChecks {
    private KernelChecks() {}

    /** Checks conv2d operands and returns the output shape (N, K, Ho, Wo). */
    public static int[] conv2dOutShape(Tensor x, Tensor w, Tensor bias, Conv2dSpec s) {
        Shape.requireRank("conv2d input", x, 4, "(N, C, H, W)");
        Shape.requireRank("conv2d weight", w, 4, "(K, C/groups, kh, kw)");
        int C = x.dim(1), K = w.dim(0), g = s.groups();
        if (K % g != 0) {
            throw new IllegalArgumentException("conv2d: out channels " + K + " not divisible by groups " + g);
        }
        if (w.dim(1) * g != C) {
            throw new IllegalArgumentException("conv2d: expected input (N, " + (w.dim(1) * g) + ", H, W) for weight "
                    + w.shapeString() + " with groups " + g + ", got " + x.shapeString());
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != K)) {
            throw new IllegalArgumentException("conv2d: expected bias (" + K + "), got " + bias.shapeString());
        }
        int Ho = s.outH(x.dim(2), w.dim(2)), Wo = s.outW(x.dim(3), w.dim(3));
        if (Ho < 1 || Wo < 1) {
            throw new IllegalArgumentException("conv2d: input " + x.shapeString() + " is too small for kernel "
                    + w.dim(2) + "x" + w.dim(3) + " with " + s + " (output would be " + Ho + "x" + Wo + ")");
        }
        return new int[] {x.dim(0), K, Ho, Wo};
    }

    public static void batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var) {
        if (x.rank() < 2) throw new IllegalArgumentException("batch_norm: expected (N, C, ...), got " + x.shapeString());
        int C = x.dim(1);
        for (Tensor t : new Tensor[] {gamma, beta, mean, var}) {
            if (t.rank() != 1 || t.dim(0) != C) {
                throw new IllegalArgumentException("batch_norm: expected per-channel vectors of (" + C + ") for input "
                        + x.shapeString() + ", got " + t.shapeString());
            }
        }
    }

    public static int[] pool2dOutShape(String op, Tensor x, Pool2dSpec s) {
        Shape.requireRank(op + " input", x, 4, "(N, C, H, W)");
        int Ho = s.outH(x.dim(2)), Wo = s.outW(x.dim(3));
        if (Ho < 1 || Wo < 1) {
            throw new IllegalArgumentException(op + ": input " + x.shapeString() + " is too small for " + s);
        }
        return new int[] {x.dim(0), x.dim(1), Ho, Wo};
    }

    public static void linear(Tensor x, Tensor w, Tensor bias) {
        Shape.requireRank("linear input", x, 2, "(N, in_features)");
        Shape.requireRank("linear weight", w, 2, "(out_features, in_features)");
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: expected input (N, " + w.dim(1) + ") for weight "
                    + w.shapeString() + ", got " + x.shapeString());
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException("linear: expected bias (" + w.dim(0) + "), got " + bias.shapeString());
        }
    }

    public static void adaptive(Tensor x, int outH, int outW) {
        Shape.requireRank("adaptive_avg_pool2d input", x, 4, "(N, C, H, W)");
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("adaptive_avg_pool2d: output size must be >= 1, got " + outH + "x" + outW);
    }

    /** Start of adaptive pooling window i of out over in (ATen start_index). */
    public static int adaptiveStart(int i, int out, int in) { return (int) Math.floor((double) i * in / out); }

    /** End (exclusive) of adaptive pooling window i (ATen end_index). */
    public static int adaptiveEnd(int i, int out, int in) { return (int) Math.ceil((double) (i + 1) * in / out); }
}
