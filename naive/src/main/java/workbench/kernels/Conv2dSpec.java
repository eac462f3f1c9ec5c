/*
 * The hyper-parameters of torch.nn.Conv2d that are not weights: stride, padding, dilation, groups.
 * Output size (torch docs, Conv2d "Shape"): Ho = floor((H + 2*padH - dilationH*(kh-1) - 1) / strideH) + 1.
 */
package workbench.kernels;

public record Conv2dSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    public Conv2dSpec {
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("conv2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("conv2d: padding must be >= 0, got (" + padH + ", " + padW + ")");
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("conv2d: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        if (groups < 1) throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups);
    }

    /** Square stride, padding and dilation, like torch's int arguments. */
    public static Conv2dSpec of(int stride, int padding, int dilation, int groups) {
        return new Conv2dSpec(stride, stride, padding, padding, dilation, dilation, groups);
    }

    public static Conv2dSpec of(int stride, int padding) {
        return of(stride, padding, 1, 1);
    }

    public int outH(int h, int kh) { return outSize(h, kh, strideH, padH, dilationH); }
    public int outW(int w, int kw) { return outSize(w, kw, strideW, padW, dilationW); }

    static int outSize(int in, int k, int stride, int pad, int dilation) {
        return Math.floorDiv(in + 2 * pad - dilation * (k - 1) - 1, stride) + 1;
    }
}
