/*
 * A training-time block that has an equivalent single conv (RepVGG Sec. 3.3; DBB transforms; ACNet):
 * RepVGGBlock, DiverseBranchBlock, ACBlock. Mirrors the official methods
 * get_equivalent_kernel_bias() and switch_to_deploy().
 */
package workbench.reparam;

public interface Reparameterizable {
    /** The fused kernel and bias, from the branches' weights and BN running statistics (eval mode). */
    KernelBias equivalentKernelBias();

    /**
     * Replaces the branches by the fused conv, in place: afterwards the block's state_dict holds the
     * deploy keys (rbr_reparam.*, dbb_reparam.*, fused_conv.*). Calling it again does nothing.
     */
    void switchToDeploy();

    boolean isDeployed();
}
