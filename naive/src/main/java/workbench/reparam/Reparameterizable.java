/*
 * A training-time block that has an equivalent single conv (RepVGG Sec. 3.3; DBB transforms; ACNet):
 * RepVGGBlock, DiverseBranchBlock, ACBlock. Mirrors the official methods
 * get_equivalent_kernel_bias() and switch_to_deploy().
 */
package workbench.reparam;

import workbench.nn.Module;

public interface Reparameterizable {
    /** The fused kernel and bias, from the branches' weights and BN running statistics (eval mode). */
    KernelBias equivalentKernelBias();

    /**
     * Replaces the branches by the fused conv, in place: afterwards the block's state_dict holds the
     * deploy keys (rbr_reparam.*, dbb_reparam.*, fused_conv.*). Calling it again does nothing.
     */
    void switchToDeploy();

    boolean isDeployed();

    /**
     * Whole-model conversion: switchToDeploy() on every re-parameterizable block of the tree, as the
     * official convert scripts call switch_to_deploy() on every module that has it. Returns how many
     * blocks were converted (blocks already in deploy form are not counted).
     */
    static int switchAllToDeploy(Module root) {
        int n = 0;
        // snapshot first: switching a block replaces its children while we walk
        for (Module m : java.util.List.copyOf(root.namedModules().values())) {
            if (m instanceof Reparameterizable r && !r.isDeployed()) {
                r.switchToDeploy();
                n++;
            }
        }
        return n;
    }
}
