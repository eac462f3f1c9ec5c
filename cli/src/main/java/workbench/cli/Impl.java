/* --impl naive|vectorized, as Kernels. */
package workbench.cli;

import java.util.List;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.vectorized.VectorKernels;

enum Impl {
    naive, vectorized, both;

    List<Kernels> kernels() {
        return switch (this) {
            case naive -> List.of(NaiveKernels.INSTANCE);
            case vectorized -> List.of(new VectorKernels());
            case both -> List.of(NaiveKernels.INSTANCE, new VectorKernels());
        };
    }
}
