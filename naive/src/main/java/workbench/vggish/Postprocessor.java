/*
 * vggish_postprocess.py: embeddings -> the 8-bit features of the AudioSet release (Hershey et al.
 * 2017, Sec. 4.4; the released embeddings are PCA-whitened and quantised to bytes).
 *   1. PCA:      pca_applied = (P . (E^T - mu))^T, P = pca_eigen_vectors (D, D) (whitening included),
 *                mu = pca_means as a column (the npz holds it as (D, 1) or (D))
 *   2. clip to [QUANTIZE_MIN_VAL, QUANTIZE_MAX_VAL] = [-2, 2]
 *   3. (x + 2) * 255 / 4, then astype(uint8), which TRUNCATES toward zero (no rounding): 254.99 -> 254
 * Arithmetic follows the npz dtype as numpy's does: float32 parameters -> float32 results (the
 * product itself is summed in float64 and rounded once; the shared golden case shows no entry
 * that float32 BLAS and float64 sums would quantise differently).
 * Parameter files: the official .npz (pca_eigen_vectors, pca_means), or torchvggish's .pth with
 * the same two keys.
 */
package workbench.vggish;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import workbench.io.DType;
import workbench.io.StateDict;
import workbench.tensor.Tensor;

public final class Postprocessor {
    private final double[] eigenVectors;   // (D, D) row-major
    private final double[] means;          // (D)
    private final int dim;
    private final boolean float32;

    public Postprocessor(double[] eigenVectors, double[] means, int dim, boolean float32) {
        if (eigenVectors.length != dim * dim || means.length != dim) {
            throw new IllegalArgumentException("Postprocessor: expected eigen vectors (" + dim + ", " + dim + ") and means (" + dim
                    + "), got " + eigenVectors.length + " and " + means.length + " values");
        }
        this.eigenVectors = eigenVectors;
        this.means = means;
        this.dim = dim;
        this.float32 = float32;
    }

    /** The parameters of the official vggish_pca_params.npz (or torchvggish's PCA .pth). */
    public static Postprocessor load(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        NpyDoubles.Array p, m;
        if (name.endsWith(".npz")) {
            Map<String, NpyDoubles.Array> a = NpyDoubles.readNpz(file);
            p = require(a, VggishParams.PCA_EIGEN_VECTORS_NAME, file);
            m = require(a, VggishParams.PCA_MEANS_NAME, file);
        } else {
            StateDict sd = StateDict.load(file);
            p = fromTensor(sd.get(VggishParams.PCA_EIGEN_VECTORS_NAME), sd.dtype(VggishParams.PCA_EIGEN_VECTORS_NAME));
            m = fromTensor(sd.get(VggishParams.PCA_MEANS_NAME), sd.dtype(VggishParams.PCA_MEANS_NAME));
        }
        int[] ps = p.shape(), ms = m.shape();
        boolean square = ps.length == 2 && ps[0] == ps[1];
        int d = square ? ps[0] : -1;
        boolean meansOk = (ms.length == 1 && ms[0] == d) || (ms.length == 2 && ms[0] == d && ms[1] == 1);
        if (!square || !meansOk || d != VggishParams.EMBEDDING_SIZE) {
            throw new IllegalArgumentException(file + ": PCA parameters of the wrong shape: " + VggishParams.PCA_EIGEN_VECTORS_NAME + " "
                    + Arrays.toString(ps) + ", " + VggishParams.PCA_MEANS_NAME + " " + Arrays.toString(ms) + "; expected ["
                    + VggishParams.EMBEDDING_SIZE + ", " + VggishParams.EMBEDDING_SIZE + "] and [" + VggishParams.EMBEDDING_SIZE + ", 1] or ["
                    + VggishParams.EMBEDDING_SIZE + "]\n  ---> HINT: pass the vggish_pca_params.npz that comes with the VGGish checkpoint.");
        }
        boolean f32 = p.dtype() != DType.FLOAT64 && m.dtype() != DType.FLOAT64;
        return new Postprocessor(p.values(), m.values(), d, f32);
    }

    private static NpyDoubles.Array require(Map<String, NpyDoubles.Array> a, String key, Path file) {
        NpyDoubles.Array v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no array '" + key + "' (found " + a.keySet() + ")"
                    + "\n  ---> HINT: the PCA file holds pca_eigen_vectors and pca_means (vggish_pca_params.npz).");
        }
        return v;
    }

    private static NpyDoubles.Array fromTensor(Tensor t, DType dtype) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = t.data()[i];
        return new NpyDoubles.Array(v, t.shape(), dtype);
    }

    /** What postprocess computes, step by step; bytes are the uint8 values 0..255, row-major (N, D). */
    public record Result(Tensor pcaApplied, Tensor quantizedFloat, int[] bytes, int n, int dim) {
        /** The uint8 output as a float tensor (for comparisons and .npy output). */
        public Tensor bytesTensor() {
            float[] f = new float[bytes.length];
            for (int i = 0; i < f.length; i++) f[i] = bytes[i];
            return Tensor.of(f, n, dim);
        }
    }

    public int dim() { return dim; }

    /** vggish_postprocess.Postprocessor.postprocess on (N, D) embeddings. */
    public Result postprocess(Tensor embeddings) {
        if (embeddings.rank() != 2 || embeddings.dim(1) != dim) {
            throw new IllegalArgumentException("postprocess: expected embeddings (N, " + dim + "), got " + embeddings.shapeString()
                    + "\n  ---> HINT: the PCA parameters are for " + dim + "-d embeddings, the VGGish embedding size.");
        }
        int n = embeddings.dim(0);
        float[] e = embeddings.data();
        float[] pca = new float[n * dim], quantized = new float[n * dim];
        int[] bytes = new int[n * dim];
        double lo = VggishParams.QUANTIZE_MIN_VAL, hi = VggishParams.QUANTIZE_MAX_VAL;
        double step = 255.0 / (hi - lo);                          // 63.75
        for (int b = 0; b < n; b++) {
            // centred embedding, E^T - mu, in the parameters' precision
            double[] centred = new double[dim];
            for (int j = 0; j < dim; j++) {
                double c = e[b * dim + j] - means[j];
                centred[j] = float32 ? (float) c : c;
            }
            for (int i = 0; i < dim; i++) {
                double s = 0;
                for (int j = 0; j < dim; j++) s += eigenVectors[i * dim + j] * centred[j];
                double v = float32 ? (float) s : s;
                pca[b * dim + i] = (float) v;
                double clipped = Math.min(hi, Math.max(lo, v));
                // (clipped - min) * (255 / (max - min)): float32 arithmetic when the parameters are float32
                double q = float32 ? (float) ((float) (clipped - lo) * (float) step) : (clipped - lo) * step;
                quantized[b * dim + i] = (float) q;
                bytes[b * dim + i] = (int) q;                     // astype(np.uint8): truncation toward zero
            }
        }
        return new Result(Tensor.of(pca, n, dim), Tensor.of(quantized, n, dim), bytes, n, dim);
    }
}
