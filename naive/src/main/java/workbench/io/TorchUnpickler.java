/*
 * A restricted unpickler for the data.pkl of a torch.save zip, built on Pyrolite (net.razorvine:pickle).
 * Mirrors torch/serialization.py (_load with an allow-list, like torch.load(weights_only=True)):
 *   - globals come from a fixed allow-list: collections.OrderedDict, torch.*Storage dtype markers,
 *     torch._utils._rebuild_tensor(_v2), torch._utils._rebuild_parameter(_with_state), torch.Size.
 *     Any other global becomes an UnknownGlobal that only remembers its name; calling it yields an
 *     Opaque placeholder. Pyrolite's own static constructor registry is never consulted.
 *   - BUILD (__setstate__) is handled here without reflection: the state is dropped.
 *   - dicts are LinkedHashMaps and SETITEMS keeps pair order (Pyrolite 1.5 collects pairs in a
 *     HashMap, which would scramble state_dict order).
 *   - opcodes with a length prefix are checked against the bytes left before Pyrolite allocates.
 * Deliberately not done: protocol-5 out-of-band buffers, EXT opcodes, legacy (pre-1.6) files.
 */
package workbench.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import workbench.io.TorchPickle.Opaque;
import workbench.io.TorchPickle.StorageClass;
import workbench.io.TorchPickle.StorageRef;
import workbench.io.TorchPickle.TensorRef;
import workbench.io.TorchPickle.UnknownGlobal;

final class TorchUnpickler extends Unpickler {
    /** torch.<name> storage classes and the dtype each one marks. */
    private static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.FLOAT32, "HalfStorage", DType.FLOAT16, "BFloat16Storage", DType.BFLOAT16,
            "DoubleStorage", DType.FLOAT64, "LongStorage", DType.INT64, "IntStorage", DType.INT32,
            "ShortStorage", DType.INT16, "CharStorage", DType.INT8, "ByteStorage", DType.UINT8,
            "BoolStorage", DType.BOOL);

    static final String NOT_TORCH_HINT = "the file was not written by torch.save or was altered; do not open it"
            + " with torch.load either (that would run the code it names)";

    private final String source;
    private final ByteArrayInputStream data;
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    TorchUnpickler(byte[] pickle, String source) {
        this.source = source;
        this.data = new ByteArrayInputStream(pickle);
    }

    /** Unpickles the whole data.pkl. Pyrolite failures surface as they are; PthReader wraps them. */
    Object load() throws IOException {
        return load(data);
    }

    private IObjectConstructor resolve(String module, String name) {
        if (module.equals("torch") && STORAGES.containsKey(name)) {
            return new StorageClass("torch." + name, STORAGES.get(name));
        }
        return switch (module + "." + name) {
            case "collections.OrderedDict" -> this::orderedDict;
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> this::rebuildTensor;
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> args -> {
                if (args.length == 0 || !(args[0] instanceof TensorRef)) {
                    throw malformed("_rebuild_parameter is called on " + describe(args.length == 0 ? null : args[0])
                            + ", not on a tensor");
                }
                return args[0]; // a Parameter's data; requires_grad and hooks do not matter here
            };
            case "torch.Size" -> args -> args.length == 1 ? args[0] : new Object[0];
            default -> new UnknownGlobal(module + "." + name);
        };
    }

    /** OrderedDict() or OrderedDict([(k, v), ...]); the pairs usually arrive later through SETITEMS. */
    private Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 1 && args[0] instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (p instanceof Object[] kv && kv.length == 2) map.put(kv[0], kv[1]);
                else if (p instanceof List<?> kv && kv.size() == 2) map.put(kv.get(0), kv.get(1));
            }
        }
        return map;
    }

    /** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
    private Object rebuildTensor(Object[] args) {
        if (args.length < 4) throw malformed("a tensor record has " + args.length + " fields, expected at least 4");
        if (!(args[0] instanceof StorageRef storage)) {
            throw new CheckpointFormatException(source, "a tensor record references " + describe(args[0])
                    + " instead of a tensor storage", NOT_TORCH_HINT);
        }
        long offset = nonNegative(args[1], "storage offset");
        long[] size = dims(args[2], "size");
        long[] stride = dims(args[3], "stride");
        if (size.length != stride.length) {
            throw malformed("a tensor record has size " + Sizes.str(size) + " but stride " + Sizes.str(stride));
        }
        return new TensorRef(storage, offset, size, stride);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])) {
            throw new CheckpointFormatException(source, "the pickle's persistent id " + describe(pid)
                    + " is not a tensor storage reference ('storage', type, key, location, numel)", NOT_TORCH_HINT);
        }
        if (!(t[1] instanceof StorageClass type)) {
            String what = t[1] instanceof UnknownGlobal g ? g.name() : describe(t[1]);
            boolean storageLike = what.startsWith("torch.") && what.endsWith("Storage");
            throw new CheckpointFormatException(source, "the pickle names " + what + " where a torch storage class"
                    + " (torch.FloatStorage, torch.HalfStorage, ...) belongs" + (storageLike ? "; this reader"
                    + " does not support that storage type" : ": it is not a tensor storage"),
                    storageLike ? "convert the tensors to a real float or integer dtype before torch.save"
                            : NOT_TORCH_HINT);
        }
        if (!(t[2] instanceof String key) || !(t[4] instanceof Number numel) || numel.longValue() < 0) {
            throw malformed("a storage reference " + describe(pid) + " has a bad key or element count");
        }
        StorageRef ref = storages.computeIfAbsent(key, k -> new StorageRef(k, type.dtype(), numel.longValue()));
        if (ref.dtype() != type.dtype()) {
            throw malformed("storage '" + key + "' is referenced as both " + ref.dtype() + " and " + type.dtype());
        }
        return ref;
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop(), module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw malformed("STACK_GLOBAL needs two strings, got " + describe(module) + " and " + describe(name));
                }
                stack.add(resolve(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(resolve(module, name).construct(args.toArray()));
            }
            case Opcodes.BUILD -> {
                // The state for __setstate__ (OrderedDict's _metadata, an object's __dict__) is dropped,
                // but the object it would apply to must exist.
                stack.pop();
                stack.peek();
            }
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                List<Object> items = stack.pop_all_since_marker();
                stack.add(pairsInto(new LinkedHashMap<>(), items));
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop(), k = stack.pop();
                pairsInto(stack.peek(), Arrays.asList(k, value));
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                pairsInto(stack.peek(), items);
            }
            case Opcodes.APPEND -> {
                Object value = stack.pop();
                itemsInto(stack.peek(), Arrays.asList(value));
            }
            case Opcodes.APPENDS -> {
                List<Object> items = stack.pop_all_since_marker();
                itemsInto(stack.peek(), items);
            }
            case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> {
                requireLengthFits(4);
                return super.dispatch(key);
            }
            case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
                requireLengthFits(8);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /** SETITEM(S) / DICT: key-value pairs in pickle order. Opaque targets swallow them. */
    private Object pairsInto(Object target, List<Object> items) {
        if (items.size() % 2 != 0) throw malformed("a dict update has an odd number of items");
        if (target instanceof Opaque) return target;
        if (!(target instanceof Map<?, ?>)) throw malformed("dict items are added to " + describe(target));
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) target;
        for (int i = 0; i < items.size(); i += 2) map.put(items.get(i), items.get(i + 1));
        return map;
    }

    /** APPEND(S): list items in order. Opaque targets swallow them. */
    private void itemsInto(Object target, List<Object> items) {
        if (target instanceof Opaque) return;
        if (!(target instanceof List<?>)) throw malformed("list items are appended to " + describe(target));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) target;
        list.addAll(items);
    }

    /** Checks a length prefix of {@code width} bytes against the bytes left, without consuming it. */
    private void requireLengthFits(int width) {
        data.mark(width);
        byte[] b = new byte[width];
        int got = data.read(b, 0, width);
        data.reset();
        if (got < width) throw malformed("the pickle ends inside an opcode");
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = width == 4 ? buf.getInt() : buf.getLong();
        long left = data.available() - width;
        if (n < 0 || n > left) {
            throw new CheckpointFormatException(source, "truncated: the pickle announces a " + n
                    + "-byte value but only " + left + " bytes are left", ByteReads.TRUNCATED_HINT);
        }
    }

    private long nonNegative(Object o, String what) {
        if (!(o instanceof Number n) || n.longValue() < 0) {
            throw malformed("a tensor record has " + what + " " + describe(o) + ", expected a non-negative integer");
        }
        return n.longValue();
    }

    private long[] dims(Object o, String what) {
        Object[] items = o instanceof Object[] a ? a : o instanceof List<?> l ? l.toArray() : null;
        if (items == null) throw malformed("a tensor record has " + what + " " + describe(o) + ", expected a tuple");
        long[] out = new long[items.length];
        for (int i = 0; i < out.length; i++) out[i] = nonNegative(items[i], what);
        return out;
    }

    private CheckpointFormatException malformed(String what) {
        return new CheckpointFormatException(source, "malformed data.pkl: " + what, NOT_TORCH_HINT);
    }

    /** A short, non-recursive description of a pickled value for messages. */
    static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof String s) return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        if (o instanceof Number || o instanceof Boolean) return o.toString();
        if (o instanceof UnknownGlobal g) return "the global " + g.name();
        if (o instanceof Opaque p) return "a " + p.name() + " object";
        if (o instanceof StorageClass s) return s.name();
        if (o instanceof StorageRef s) return "storage '" + s.key() + "'";
        if (o instanceof TensorRef) return "a tensor";
        if (o instanceof Object[] a) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < a.length; i++) {
                Object e = a[i];
                sb.append(i > 0 ? ", " : "").append(e instanceof Object[] ? "(...)"
                        : e instanceof Map ? "{...}" : e instanceof List ? "[...]" : describe(e));
            }
            return sb.append(a.length == 1 ? ",)" : ")").toString();
        }
        if (o instanceof Map<?, ?>) return "a dict";
        if (o instanceof List<?>) return "a list";
        return "a " + o.getClass().getSimpleName();
    }
}
