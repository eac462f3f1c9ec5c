/*
 * torch.nn.Dropout at inference: the identity. It is kept as a module only so that the children
 * of ASPP.project are numbered as in torchvision (0 conv, 1 BN, 2 ReLU, 3 Dropout(0.5)); the
 * probability is recorded for the reader (TF keeps 0.9, VainF drops 0.1, torchvision 0.5).
 */
package workbench.portrait;

import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class Dropout extends Module {
    public final double p;

    public Dropout(double p) { this.p = p; }

    @Override
    protected Tensor forward(Tensor x, Context ctx) { return x; }

    @Override
    public String describe() { return "Dropout(p=" + p + ", identity at inference)"; }
}
