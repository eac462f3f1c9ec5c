/*
 * Trace: named intermediate tensors of one forward pass, in the order they were produced - the
 * Java analogue of torch forward hooks on every named module. Names are the module's qualified
 * name in the tree (`layer1.0.conv1`, `layer1.0`, `fc`), so a trace lines up with both the
 * state_dict keys and a torchvision hook dump. The visualizer, the notebooks and the golden
 * per-layer diff all read it.
 * A module called twice in one pass (torchvision's shared `relu` in BasicBlock) keeps its last output.
 */
package workbench.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import workbench.tensor.Tensor;

public class Trace {
    /** A trace that records nothing. */
    public static final Trace NONE = new Trace(name -> false);

    private final Predicate<String> wanted;
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

    /** Records only the names {@code wanted} accepts. */
    public Trace(Predicate<String> wanted) {
        this.wanted = wanted;
    }

    /** Records every named module's output. */
    public static Trace all() {
        return new Trace(name -> true);
    }

    public boolean wants(String name) {
        return wanted.test(name);
    }

    /** Called by Module after each forward; kernels return fresh tensors, so no copy is needed. */
    public void record(String name, Tensor t) {
        if (!name.isEmpty() && wanted.test(name)) {
            tensors.remove(name);           // re-insert so the order is the order of last production
            tensors.put(name, t);
        }
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("trace has no tensor named '" + name + "'; recorded: " + tensors.keySet());
        }
        return t;
    }

    public boolean has(String name) { return tensors.containsKey(name); }

    public Map<String, Tensor> tensors() { return Collections.unmodifiableMap(tensors); }
}
