/*
 * Tensor: a float32 array with a shape, row-major (C order). Activations are NCHW.
 * Mirrors nothing in particular: it is the smallest thing that can hold torch's tensors.
 * Deliberately not here: strides, views, broadcasting, autograd, other dtypes. A kernel that
 * needs a different layout (the vectorized fast path) converts explicitly.
 *
 * Dimension letters used across the project (declared once here and in naive/README.md):
 *   N batch, C channels (in), K or O channels (out), H, W spatial, kh, kw kernel size,
 *   A anchors per location, M mel bins, F frames.
 */
package workbench.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

public final class Tensor {
    private final int[] shape;
    private final float[] data;

    /** Wraps {@code data} (not copied); its length must equal the product of {@code shape}. */
    public Tensor(int[] shape, float[] data) {
        this.shape = shape.clone();
        long n = Shape.numel(this.shape);
        if (n != data.length) {
            throw new IllegalArgumentException("tensor data holds " + data.length
                    + " floats but shape " + Shape.str(shape) + " needs " + n);
        }
        this.data = data;
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new float[Math.toIntExact(Shape.numel(shape))]);
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, data);
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** Standard normal values from a seeded generator (Box-Muller): the same seed, the same tensor. */
    public static Tensor randn(long seed, int... shape) {
        Tensor t = zeros(shape);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < t.data.length; i++) {
            double u1 = rng.nextDouble(), u2 = rng.nextDouble();
            t.data[i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return t;
    }

    /** Uniform values in [lo, hi) from a seeded generator. */
    public static Tensor uniform(long seed, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < t.data.length; i++) t.data[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return t;
    }

    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public int numel() { return data.length; }
    /** The backing array, row-major. Kernels read and write it directly. */
    public float[] data() { return data; }

    public String shapeString() { return Shape.str(shape); }

    /** Flat offset of a multi-dimensional index (row-major). */
    public int offset(int... idx) {
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + idx.length + " for tensor " + shapeString());
        }
        int off = 0;
        for (int d = 0; d < shape.length; d++) {
            if (idx[d] < 0 || idx[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(idx) + " outside " + shapeString());
            }
            off = off * shape[d] + idx[d];
        }
        return off;
    }

    public float get(int... idx) { return data[offset(idx)]; }
    public void set(float v, int... idx) { data[offset(idx)] = v; }

    /** Multi-dimensional index of a flat offset (row-major): the inverse of {@link #offset}. */
    public int[] index(long flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (flat % shape[d]);
            flat /= shape[d];
        }
        return idx;
    }

    /** Same data, another shape with the same element count (like torch.reshape on a contiguous tensor). */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one -1 allowed, got " + Arrays.toString(newShape));
                infer = i;
            } else known *= s[i];
        }
        if (infer >= 0) {
            if (known == 0 || data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot view " + shapeString() + " as " + Arrays.toString(newShape));
            }
            s[infer] = (int) (data.length / known);
        }
        if (Shape.numel(s) != data.length) {
            throw new IllegalArgumentException("reshape: cannot view " + shapeString() + " (" + data.length
                    + " elements) as " + Shape.str(s) + " (" + Shape.numel(s) + " elements)");
        }
        return new Tensor(s, data);
    }

    public Tensor copy() { return new Tensor(shape, data.clone()); }

    /** Batch item {@code n} of an (N, ...) tensor, copied, with a batch dimension of 1. */
    public Tensor batchItem(int n) {
        int per = data.length / shape[0];
        int[] s = shape.clone();
        s[0] = 1;
        return new Tensor(s, Arrays.copyOfRange(data, n * per, (n + 1) * per));
    }

    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) m = Math.max(m, v);
        return m;
    }

    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) m = Math.min(m, v);
        return m;
    }

    public float maxAbs() {
        float m = 0;
        for (float v : data) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** max |this - other| over all elements; shapes must match. */
    public float maxAbsDiff(Tensor other) {
        Shape.requireSame("maxAbsDiff", this, other);
        float m = 0;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - other.data[i]));
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shapeString()).append(" [");
        int n = Math.min(data.length, 6);
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(data[i]);
        if (data.length > n) sb.append(", ...");
        return sb.append(']').toString();
    }
}
