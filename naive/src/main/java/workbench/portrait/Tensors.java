/*
 * The one tensor operation the DeepLab head needs that Kernels does not have: torch.cat along
 * the channel dimension (ASPP's five branches, Sec. 1.3; the decoder's [low, ASPP]).
 * Naive: a copy per plane. Not here: concatenation along other dimensions.
 */
package workbench.portrait;

import workbench.tensor.Tensor;

final class Tensors {
    private Tensors() {}

    /** torch.cat(parts, dim=1) for NCHW tensors of equal N, H, W. */
    static Tensor cat(Tensor... parts) {
        int n = parts[0].dim(0), h = parts[0].dim(2), w = parts[0].dim(3), c = 0;
        for (Tensor t : parts) {
            if (t.rank() != 4 || t.dim(0) != n || t.dim(2) != h || t.dim(3) != w) {
                throw new IllegalArgumentException("cat(dim=1): expected (" + n + ", C, " + h + ", " + w + ") for every part, got "
                        + t.shapeString());
            }
            c += t.dim(1);
        }
        Tensor y = Tensor.zeros(n, c, h, w);
        int plane = h * w, at = 0;
        for (int b = 0; b < n; b++) {
            for (Tensor t : parts) {
                int len = t.dim(1) * plane;
                System.arraycopy(t.data(), b * len, y.data(), at, len);
                at += len;
            }
        }
        return y;
    }
}
