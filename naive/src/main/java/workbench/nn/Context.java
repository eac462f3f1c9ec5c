/*
 * What a forward pass carries besides its input: which kernels compute (naive or vectorized) and
 * where named intermediate tensors go (a Trace, or nowhere).
 */
package workbench.nn;

import workbench.kernels.Kernels;

public record Context(Kernels kernels, Trace trace) {
    public Context {
        if (kernels == null) throw new IllegalArgumentException("Context: kernels must not be null");
        if (trace == null) trace = Trace.NONE;
    }

    public static Context of(Kernels kernels) {
        return new Context(kernels, Trace.NONE);
    }
}
