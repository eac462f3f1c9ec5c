/* --impl naive|vectorized, as Kernels. */
package workbench.cli;

import java.util.List;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.vectorized.VectorKernels;

enum Impl {
    naive, vectorized, both;

    List<Kernels> kernels() {
        return kernels(null);
    }

    /** With a thread count for the vectorized fast path (null: all cores). */
    List<Kernels> kernels(Integer threads) {
        VectorKernels v = threads == null ? new VectorKernels() : new VectorKernels().withThreads(threads);
        return switch (this) {
            case naive -> List.of(NaiveKernels.INSTANCE);
            case vectorized -> List.of(v);
            case both -> List.of(NaiveKernels.INSTANCE, v);
        };
    }
}
