/*
 * What runs an SSD forward pass to the heads' outputs: the module tree itself (SSD, op by op on any
 * Kernels) or a form prepared for the machine (the vectorized twin's FastSsd). Callers that want
 * the prepared form when there is one write: kernels.prepare(net) instanceof SsdForward f ? f : net.
 */
package workbench.ssd;

import workbench.nn.Context;
import workbench.tensor.Tensor;

public interface SsdForward {
    /** Backbone, heads and anchors for a normalised batch x (N, 3, H, W). */
    SSD.Outputs run(Tensor x, Context ctx);
}
