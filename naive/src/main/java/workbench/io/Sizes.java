/*
 * Size arithmetic for headers that claim shapes: element and byte counts in saturating long
 * arithmetic (a header claiming (1e10, 1e10, 1e10) must not wrap around to a small number), and
 * the one limit this package has: a Tensor keeps its values in one float[], so at most
 * Integer.MAX_VALUE elements per tensor.
 * Readers compare these counts with the bytes the file really holds BEFORE allocating anything.
 * Deliberately not here: reading, or any policy on what is "too big" beyond the float[] limit.
 */
package workbench.io;

import java.util.StringJoiner;

final class Sizes {
    private Sizes() {}

    /** Product of the dimensions, Long.MAX_VALUE if it does not fit in a long. Dimensions must be >= 0. */
    static long numel(long[] dims) {
        long n = 1;
        for (long d : dims) n = saturatingMultiply(n, d);
        return n;
    }

    static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
        return Long.MAX_VALUE;
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** "(8732, 4)"; "()" for a scalar; like torch prints sizes. */
    static String str(long[] dims) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (long d : dims) j.add(Long.toString(d));
        return j.toString();
    }

    /**
     * The shape as int[] for a Tensor. Call it after the byte count was checked against the file:
     * this only enforces the one-float[]-per-tensor limit.
     */
    static int[] toIntShape(long[] dims, String source, String what) {
        long n = numel(dims);
        if (n > Integer.MAX_VALUE) {
            throw new CheckpointFormatException(source, what + " has shape " + str(dims) + " = " + n
                    + " elements, more than the " + Integer.MAX_VALUE + " a Tensor can hold",
                    "a Tensor keeps its values in one float[]; save the array in smaller pieces");
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new CheckpointFormatException(source, what + " has shape " + str(dims) + ": dimension "
                        + i + " is larger than " + Integer.MAX_VALUE,
                        "a Tensor's dimensions are ints; reshape the array before saving it");
            }
            shape[i] = (int) dims[i];
        }
        return shape;
    }
}
