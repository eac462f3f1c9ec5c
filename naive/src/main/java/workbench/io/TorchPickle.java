/*
 * The objects a torch.save pickle turns into while TorchUnpickler reads it. Nothing here runs
 * Python, and nothing reads tensor bytes yet: a tensor is only a reference into a storage entry of
 * the zip (data/<key>), with torch's storage offset, size and stride, so views come out right when
 * PthReader materialises them.
 * Mirrors torch/serialization.py (_save: persistent_id) and torch/_utils.py (_rebuild_tensor_v2).
 * Deliberately not here: sparse, quantized, meta or complex tensors; they stay Opaque values, and
 * PthReader names them in its error.
 */
package workbench.io;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

final class TorchPickle {
    private TorchPickle() {}

    /**
     * A torch storage class such as torch.FloatStorage, as the GLOBAL opcode pushes it. torch only
     * names it inside persistent ids to carry the dtype; a pickle that calls it is refused.
     */
    record StorageClass(String name, DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("the pickle calls " + name + "(...); torch.save never does that");
        }
    }

    /** A resolved persistent id ('storage', torch.FloatStorage, '<key>', 'cpu', numel): data/<key> in the zip. */
    record StorageRef(String key, DType dtype, long numel) {}

    /** torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...), not yet read. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** A global outside the allow-list, e.g. "argparse.Namespace" or "posix.system": only its name is kept. */
    record UnknownGlobal(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new Opaque(name);
        }
    }

    /** What calling an UnknownGlobal "built": a placeholder that remembers the name and nothing else. */
    record Opaque(String name) {}
}
