/*
 * torch.nn.Sequential filled with add_module(name, module): children run in order and keep the
 * names the official code gives them (DBB's dbb_avg = conv, bn, avg, avgbn), so state_dict keys
 * read "dbb_avg.bn.bn.running_var" exactly as in diversebranchblock.py.
 */
package workbench.reparam;

import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class NamedSequential extends Module {
    public NamedSequential add(String name, Module m) {
        register(name, m);
        return this;
    }

    public Module get(String name) {
        Module m = children().get(name);
        if (m == null) throw new IllegalArgumentException(name() + ": no child '" + name + "' (has " + children().keySet() + ")");
        return m;
    }

    public boolean has(String name) { return children().containsKey(name); }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        for (Module m : children().values()) x = m.call(x, ctx);
        return x;
    }

    @Override
    public String describe() { return "Sequential" + children().keySet(); }
}
