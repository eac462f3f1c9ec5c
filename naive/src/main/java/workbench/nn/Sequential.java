/* torch.nn.Sequential: children named "0", "1", ... applied in order. */
package workbench.nn;

import workbench.tensor.Tensor;

public final class Sequential extends Module {
    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    public Sequential add(Module m) {
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
        for (Module m : children().values()) x = m.call(x, ctx);
        return x;
    }

    @Override
    public String describe() { return "Sequential(" + size + ")"; }
}
