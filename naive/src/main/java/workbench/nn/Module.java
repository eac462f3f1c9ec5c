/*
 * Module: a node of the model tree, as torch.nn.Module is. Children and parameters are held in
 * insertion order under the names the official code uses, so `stateDict()` yields exactly the
 * official state_dict keys (`layer1.0.conv1.weight`, `bn1.running_var`) and a checkpoint loads
 * by name (see StateDictLoader).
 * Parameters and buffers live in one map: loading treats them alike, as torch's state_dict does.
 * Not here: autograd, training mode, hooks beyond the Trace.
 */
package workbench.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import workbench.tensor.Tensor;

public abstract class Module {
    private String qualifiedName = "";
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final Set<String> optionalParameters = new LinkedHashSet<>();

    /** The computation of this module alone. Callers use {@link #call}, which also records the trace. */
    protected abstract Tensor forward(Tensor x, Context ctx);

    /** Runs the module and records its output under its qualified name (a forward hook). */
    public final Tensor call(Tensor x, Context ctx) {
        Tensor y = forward(x, ctx);
        ctx.trace().record(qualifiedName, y);
        return y;
    }

    /** Registers a child under the official attribute name; returns it for field assignment. */
    protected final <M extends Module> M register(String name, M child) {
        if (child == null) return null;
        if (children.containsKey(name)) throw new IllegalStateException("child '" + name + "' registered twice");
        children.put(name, child);
        ((Module) child).rename(qualify(name));
        return child;
    }

    /**
     * Removes a child (torch's `del self.name`), so it leaves the state_dict; returns it, or null if
     * there was none. Structural re-parameterization uses this to drop the training-time branches.
     */
    protected final Module unregister(String name) {
        return children.remove(name);
    }

    /** Creates a zero-filled parameter or buffer of the given shape under its state_dict name. */
    protected final Tensor parameter(String name, int... shape) {
        Tensor t = Tensor.zeros(shape);
        parameters.put(name, t);
        return t;
    }

    /** A state_dict entry that may be absent from a checkpoint (BN's num_batches_tracked). */
    protected final Tensor optionalBuffer(String name, int... shape) {
        optionalParameters.add(name);
        return parameter(name, shape);
    }

    private String qualify(String name) {
        return qualifiedName.isEmpty() ? name : qualifiedName + "." + name;
    }

    private void rename(String newName) {
        qualifiedName = newName;
        for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().rename(qualify(e.getKey()));
    }

    /** The name of this module in the model tree ("" for the root), e.g. "layer1.0.conv1". */
    public final String name() { return qualifiedName; }

    public final Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /** Every module of the subtree, root first, keyed by qualified name (torch's named_modules()). */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules(out);
        return out;
    }

    private void collectModules(Map<String, Module> out) {
        out.put(qualifiedName, this);
        for (Module c : children.values()) c.collectModules(out);
    }

    /**
     * Parameters and buffers of the subtree with keys relative to this module, in torch's order
     * (own entries first, then each child's): the official state_dict keys.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out, false);
        return out;
    }

    /** Keys of {@link #stateDict()} that a checkpoint may omit. */
    public final Set<String> optionalKeys() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out, true);
        return out.keySet();
    }

    private void collectState(String prefix, Map<String, Tensor> out, boolean optionalOnly) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (!optionalOnly || optionalParameters.contains(e.getKey())) out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collectState(prefix + e.getKey() + ".", out, optionalOnly);
        }
    }

    /** Number of learnable values (torch: sum of p.numel() for p in parameters()); buffers excluded. */
    public long parameterCount() {
        long n = 0;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (isLearnable(e.getKey())) n += e.getValue().numel();
        }
        for (Module c : children.values()) n += c.parameterCount();
        return n;
    }

    /** Buffers (running statistics, counters) are state but not parameters. */
    protected boolean isLearnable(String parameterName) {
        return true;
    }

    /** One line per module: name, type and what it holds, for summaries. */
    public String describe() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return (qualifiedName.isEmpty() ? "" : qualifiedName + ": ") + describe();
    }
}
