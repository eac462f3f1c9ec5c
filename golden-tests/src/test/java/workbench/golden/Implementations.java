/* The two twins every golden case runs on. */
package workbench.golden;

import java.util.List;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.vectorized.VectorKernels;

final class Implementations {
    private Implementations() {}

    static List<Kernels> both() {
        return List.of(NaiveKernels.INSTANCE, new VectorKernels());
    }
}
