/*
 * torch.nn.ModuleList: children named "0", "1", ... that are called one by one by their owner
 * (SSDScoringHead calls module_list[i] on feature map i). Unlike Sequential it has no forward of its own.
 */
package workbench.ssd;

import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class ModuleList extends Module {
    private int size;

    public ModuleList add(Module m) {
        register(Integer.toString(size++), m);
        return this;
    }

    public Module get(int i) {
        Module m = children().get(Integer.toString(i));
        if (m == null) throw new IndexOutOfBoundsException(name() + ": no child " + i + " (size " + size + ")");
        return m;
    }

    public int size() { return size; }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        throw new IllegalStateException(name() + ": a ModuleList is not called itself; call its children one by one");
    }

    @Override
    public String describe() { return "ModuleList(" + size + ")"; }
}
