/*
 * The few element-wise operations the re-parameterization chapter needs beyond the Kernels
 * contract: padding with a per-channel value (DBB's BNAndPadLayer), cropping (ACNet's CropLayer),
 * sigmoid and per-channel scaling (RepVGG's SE block). They touch each element once, so plain
 * loops serve both twins; the heavy work (convs, pooling) goes through Kernels.
 * Not here: anything with a kernel window.
 */
package workbench.reparam;

import workbench.tensor.Tensor;

final class ReparamOps {
    private ReparamOps() {}

    /** x (N, C, H, W) padded by p on every side; the border of channel c holds value[c] (F.pad then fill). */
    static Tensor padWithChannelValues(Tensor x, int p, float[] value) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Hp = H + 2 * p, Wp = W + 2 * p;
        Tensor out = Tensor.zeros(N, C, Hp, Wp);
        float[] xd = x.data(), od = out.data();
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                int base = (n * C + c) * Hp * Wp;
                java.util.Arrays.fill(od, base, base + Hp * Wp, value[c]);
                for (int y = 0; y < H; y++) System.arraycopy(xd, ((n * C + c) * H + y) * W, od, base + (y + p) * Wp + p, W);
            }
        }
        return out;
    }

    /** x[:, :, top:H-top, left:W-left] (torch slicing with crop > 0 on a side), copied. */
    static Tensor crop(Tensor x, int rows, int cols) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Ho = H - 2 * rows, Wo = W - 2 * cols;
        if (Ho < 1 || Wo < 1) {
            throw new IllegalArgumentException("crop: input " + x.shapeString() + " is too small to crop " + rows + " rows and "
                    + cols + " columns from each side");
        }
        Tensor out = Tensor.zeros(N, C, Ho, Wo);
        for (int nc = 0; nc < N * C; nc++)
            for (int y = 0; y < Ho; y++)
                System.arraycopy(x.data(), (nc * H + y + rows) * W + cols, out.data(), (nc * Ho + y) * Wo, Wo);
        return out;
    }

    /** 1 / (1 + exp(-x)), element-wise (torch.sigmoid). */
    static Tensor sigmoid(Tensor x) {
        Tensor out = Tensor.zeros(x.shape());
        for (int i = 0; i < x.numel(); i++) out.data()[i] = (float) (1.0 / (1.0 + Math.exp(-x.data()[i])));
        return out;
    }

    /** x (N, C, H, W) times s (N, C, 1, 1), broadcast over H and W (SE's inputs * x). */
    static Tensor scaleChannels(Tensor x, Tensor s) {
        int N = x.dim(0), C = x.dim(1), plane = x.dim(2) * x.dim(3);
        if (s.numel() != N * C) {
            throw new IllegalArgumentException("scaleChannels: scale " + s.shapeString() + " does not match input " + x.shapeString());
        }
        Tensor out = Tensor.zeros(x.shape());
        for (int nc = 0; nc < N * C; nc++)
            for (int i = 0; i < plane; i++) out.data()[nc * plane + i] = x.data()[nc * plane + i] * s.data()[nc];
        return out;
    }
}
