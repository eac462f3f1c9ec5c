/*
 * A float64 matrix, row-major: the front end's currency. The official front end (numpy in
 * mel_features.py) computes in float64, so ours does too; tensors (float32) are made only at the
 * end, for the network and for comparisons. Rows are frames F, columns are FFT bins or mel bands M.
 * Deliberately not here: any arithmetic beyond what the front end needs.
 */
package workbench.vggish;

import java.util.Arrays;
import workbench.tensor.Tensor;

public record DoubleMatrix(int rows, int cols, double[] data) {
    public DoubleMatrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("DoubleMatrix: " + rows + " x " + cols + " needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
    }

    public static DoubleMatrix zeros(int rows, int cols) {
        return new DoubleMatrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    public double get(int r, int c) { return data[r * cols + c]; }

    public void set(int r, int c, double v) { data[r * cols + c] = v; }

    /** A copy of row r. */
    public double[] row(int r) { return Arrays.copyOfRange(data, r * cols, (r + 1) * cols); }

    /** Rounded to float32 (numpy's astype(np.float32)), shape (rows, cols). */
    public Tensor toTensor() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
        return Tensor.of(f, rows, cols);
    }

    /** A float32 tensor widened to float64 (exact). */
    public static DoubleMatrix of(Tensor t) {
        if (t.rank() != 2) throw new IllegalArgumentException("DoubleMatrix: expected a rank-2 tensor, got " + t.shapeString());
        double[] d = new double[t.numel()];
        for (int i = 0; i < d.length; i++) d[i] = t.data()[i];
        return new DoubleMatrix(t.dim(0), t.dim(1), d);
    }

    /** Shape as torch prints it: "(308, 257)". */
    public String shapeString() { return "(" + rows + ", " + cols + ")"; }
}
