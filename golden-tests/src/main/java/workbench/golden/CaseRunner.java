/*
 * Runs our code on one kind of golden case. A runner is chosen by the manifest's chapter and
 * provenance.function; it builds the module from provenance.arguments, loads the case's
 * parameters by their state_dict keys, runs it on the given kernels and returns what it
 * computed under the manifest's names.
 */
package workbench.golden;

import java.util.Map;
import java.util.Set;
import workbench.kernels.Kernels;
import workbench.tensor.Tensor;

public interface CaseRunner {
    String chapter();

    /** provenance.function values this runner understands. */
    Set<String> functions();

    /** Manifest names that are inputs to our code rather than results (never compared). */
    default Set<String> inputs(GoldenCase c) {
        return Set.of("input");
    }

    /** The tolerance of this chapter's cases when the manifest names none (checks.tolerance). */
    default Tol defaultTolerance(Tol fallback) {
        return fallback;
    }

    /**
     * The tolerance of one result, when a chapter's results need different ones (VGGish mixes exact
     * integers, float64 spectra and log-mels in one case); {@code caseTol} otherwise.
     */
    default Tol tolerance(GoldenCase c, String name, Tol caseTol) {
        return caseTol;
    }

    /** Every result our code computes for the case, keyed by manifest name. */
    Map<String, Tensor> run(GoldenCase c, Kernels kernels);

    /**
     * Checks of a case that are not one .npy each (a structure listing in JSON, a state_dict after
     * conversion), reported like tensors; {@code ours} is what {@link #run} returned.
     */
    default java.util.List<TensorReport> otherReports(GoldenCase c, Map<String, Tensor> ours, Tol tol) {
        return java.util.List.of();
    }
}
