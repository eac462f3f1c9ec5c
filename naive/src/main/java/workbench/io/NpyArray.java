/*
 * One array read from a .npy file (or an .npz member): the values as a float32 Tensor, plus what
 * the file really held, so a caller can tell that an image was uint8 or a counter int64.
 * Integer and bool arrays also keep their exact values as longs (an int64 above 2^24 is rounded
 * in the Tensor, not in longs()).
 * Deliberately not here: views, other in-memory dtypes, writing (see NpyWriter).
 */
package workbench.io;

import workbench.tensor.Tensor;

public final class NpyArray {
    private final String descr;
    private final DType dtype;
    private final Tensor tensor;
    private final long[] integers;

    NpyArray(String descr, DType dtype, Tensor tensor, long[] integers) {
        this.descr = descr;
        this.dtype = dtype;
        this.tensor = tensor;
        this.integers = integers;
    }

    /** The dtype descriptor as written in the file, e.g. "<f4", "|u1", ">i8". */
    public String descr() { return descr; }

    public DType dtype() { return dtype; }

    /** The values converted to float32 (NumPy's astype(np.float32)), row-major. */
    public Tensor tensor() { return tensor; }

    public int[] shape() { return tensor.shape(); }

    public boolean isInteger() { return integers != null; }

    /** Exact values of an integer or bool array, row-major (a copy). */
    public long[] longs() {
        if (integers == null) {
            throw new IllegalStateException("array of dtype '" + descr + "' has no exact integer values; use tensor()");
        }
        return integers.clone();
    }

    @Override
    public String toString() {
        return "NpyArray[" + descr + " " + tensor.shapeString() + "]";
    }
}
