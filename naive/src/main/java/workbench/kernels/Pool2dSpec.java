/*
 * torch.nn.MaxPool2d / AvgPool2d arguments: kernel, stride, padding, ceil_mode, count_include_pad.
 * Output size follows ATen's pooling_output_shape: with ceil_mode the last window may start in
 * the padding only if it still starts inside input + left padding ("(out-1)*stride >= in + pad" drops it).
 */
package workbench.kernels;

public record Pool2dSpec(int kh, int kw, int strideH, int strideW, int padH, int padW,
                         boolean ceilMode, boolean countIncludePad) {
    public Pool2dSpec {
        if (kh < 1 || kw < 1) throw new IllegalArgumentException("pool2d: kernel must be >= 1, got (" + kh + ", " + kw + ")");
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("pool2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        if (padH < 0 || padW < 0 || 2 * padH > kh || 2 * padW > kw) {
            throw new IllegalArgumentException("pool2d: padding must be >= 0 and at most half the kernel, got ("
                    + padH + ", " + padW + ") for kernel (" + kh + ", " + kw + ")");
        }
    }

    /** Square window, like torch's int arguments; count_include_pad defaults to true as in torch. */
    public static Pool2dSpec of(int kernel, int stride, int padding, boolean ceilMode) {
        return new Pool2dSpec(kernel, kernel, stride, stride, padding, padding, ceilMode, true);
    }

    public Pool2dSpec withCountIncludePad(boolean include) {
        return new Pool2dSpec(kh, kw, strideH, strideW, padH, padW, ceilMode, include);
    }

    public int outH(int h) { return outSize(h, kh, strideH, padH); }
    public int outW(int w) { return outSize(w, kw, strideW, padW); }

    private int outSize(int in, int k, int stride, int pad) {
        int span = in + 2 * pad - (k - 1) - 1 + (ceilMode ? stride - 1 : 0);
        int out = Math.floorDiv(span, stride) + 1;
        if (ceilMode && (long) (out - 1) * stride >= in + pad) out--;
        return out;
    }
}
