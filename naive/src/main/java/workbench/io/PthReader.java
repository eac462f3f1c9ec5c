/*
 * Reader for PyTorch checkpoints in torch.save's zip format (the default since torch 1.6):
 * <stem>/data.pkl (a pickle of the state_dict), <stem>/data/<key> (raw storage bytes, little-endian
 * unless <stem>/byteorder says "big") and <stem>/version. The prefix is usually the file's stem, so
 * the entry ending in "/data.pkl" is looked up rather than "archive/data.pkl".
 * Mirrors torch/serialization.py (_load) with TorchUnpickler's allow-list in place of Python's
 * unpickler, and torch/_utils.py (_rebuild_tensor_v2) for views: a tensor is read through its
 * storage offset and strides, so a transposed or sliced tensor comes out as torch shows it.
 * Accepts a bare state_dict, or a checkpoint dict that wraps one under "state_dict",
 * "model_state_dict", "model_state", "model" or "net" (StateDict.wrapperKey() says which).
 * Non-tensor values (ints, strings, nested dicts, other objects) are skipped and listed in
 * StateDict.skippedKeys(); nothing they name is ever run.
 * Deliberately not done: legacy (pre-1.6, non-zip) files, TorchScript archives, whole pickled
 * nn.Modules, sparse/quantized/complex tensors. Each gets a message saying how to re-save.
 */
package workbench.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import workbench.io.TorchPickle.Opaque;
import workbench.io.TorchPickle.StorageRef;
import workbench.io.TorchPickle.TensorRef;
import workbench.tensor.Tensor;

public final class PthReader {
    private PthReader() {}

    /** Keys under which training scripts commonly nest the state_dict, tried in this order. */
    public static final List<String> WRAPPER_KEYS = List.of("state_dict", "model_state_dict", "model_state", "model", "net");

    /** Largest element count a stride-0 (broadcast) view may expand to beyond its storage. */
    static final long BROADCAST_LIMIT = 1L << 24;

    static final String RESAVE_HINT = "save the weights themselves: torch.save(model.state_dict(), path)";

    public static StateDict read(Path path) {
        String source = path.toString();
        rejectNonZip(path);
        try (ZipFile zip = Zips.open(path, "torch.save", RESAVE_HINT)) {
            String prefix = dataPklPrefix(zip, source);
            byte[] pickle = Zips.readEntry(zip, zip.getEntry(prefix + "data.pkl"), source, prefix + "data.pkl");
            Object root = unpickle(pickle, source + ":" + prefix + "data.pkl");
            ByteOrder order = byteOrder(zip, prefix, source);

            String[] wrapper = new String[1];
            Map<?, ?> dict = stateDict(root, source, wrapper);
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            LinkedHashMap<String, DType> dtypes = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            Map<String, ByteBuffer> storageBytes = new HashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (e.getValue() instanceof TensorRef ref) {
                    ByteBuffer bytes = storageBytes.computeIfAbsent(ref.storage().key(),
                            k -> storage(zip, prefix, ref.storage(), order, source));
                    tensors.put(key, materialise(key, ref, bytes, source));
                    dtypes.put(key, ref.storage().dtype());
                } else if (e.getValue() instanceof Opaque o && o.name().startsWith("torch._utils._rebuild")) {
                    throw new CheckpointFormatException(source, "tensor '" + key + "' is rebuilt by " + o.name()
                            + ", a kind of tensor (sparse, quantized, ...) this reader does not support",
                            "save a dense float copy instead, e.g. {k: v.to_dense().dequantize().float() ...}");
                } else {
                    skipped.add(key);
                }
            }
            return new StateDict(path, tensors, dtypes, wrapper[0], skipped);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read", e);
        }
    }

    /** Tells legacy torch files (a bare pickle, or a tar before torch 0.4) apart from other non-zips. */
    private static void rejectNonZip(Path path) {
        byte[] head = ByteReads.head(path, 512);
        if (Zips.looksLikeZip(head)) return;
        boolean pickle = head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
        boolean tar = head.length >= 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
        if (pickle || tar) {
            throw new CheckpointFormatException(path, "legacy (pre-1.6) torch.save format"
                    + (tar ? " (tar archive)" : " (a bare pickle, not a zip)") + "; this reader reads the zip format only",
                    "re-save it with torch >= 1.6's default format: torch.save(torch.load(old_path), new_path)");
        }
    }

    /** "stem/" for the entry "stem/data.pkl" (the shortest such entry wins); "" for a bare "data.pkl". */
    private static String dataPklPrefix(ZipFile zip, String source) {
        String best = null;
        boolean torchScript = false;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if ((name.equals("data.pkl") || name.endsWith("/data.pkl")) && (best == null || name.length() < best.length())) {
                best = name;
            }
            torchScript |= name.endsWith("/constants.pkl") || name.contains("/code/");
        }
        if (best == null) {
            throw new CheckpointFormatException(source, "the zip archive has no data.pkl entry, so it was not"
                    + " written by torch.save", torchScript
                    ? "this looks like a TorchScript archive (torch.jit.save); " + RESAVE_HINT
                    : "if it is an .npz, name it .npz; otherwise " + RESAVE_HINT);
        }
        return best.substring(0, best.length() - "data.pkl".length());
    }

    private static Object unpickle(byte[] pickle, String source) {
        try {
            return new TorchUnpickler(pickle, source).load();
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Pyrolite reports a malformed stream in many ways (PickleException, ClassCastException on a
            // wrong stack item, IndexOutOfBoundsException on an empty stack, ...): all mean the same here.
            throw new CheckpointFormatException(source, "cannot unpickle: " + e.getMessage(),
                    TorchUnpickler.NOT_TORCH_HINT + ". If the file was cut off: " + ByteReads.TRUNCATED_HINT, e);
        }
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix, String source) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN;
        if (Zips.size(e, source) > 16) {
            throw new CheckpointFormatException(source, "the byteorder entry is " + e.getSize() + " bytes long",
                    "the archive is damaged; re-save it with torch.save");
        }
        String s = new String(Zips.readEntry(zip, e, source, "byteorder"), StandardCharsets.US_ASCII).strip();
        return switch (s) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new CheckpointFormatException(source, "the byteorder entry says '" + s
                    + "', expected 'little' or 'big'", "the archive is damaged; re-save it with torch.save");
        };
    }

    /** The dict of tensors: the root itself, or the value of the first wrapper key that holds tensors. */
    private static Map<?, ?> stateDict(Object root, String source, String[] wrapperKey) {
        if (root instanceof TensorRef) {
            throw new CheckpointFormatException(source, "the file holds a single tensor, not a state_dict",
                    "save a dict instead: torch.save({'name': tensor}, path)");
        }
        if (root instanceof Opaque o) {
            throw new CheckpointFormatException(source, "the file holds a pickled " + o.name()
                    + " object, not a state_dict" + (o.name().startsWith("__torch__.") ? " (a TorchScript module)" : ""),
                    RESAVE_HINT + " (saving the whole model pickles its class, which this reader never imports)");
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointFormatException(source, "the file holds " + TorchUnpickler.describe(root)
                    + ", not a dict of tensors", RESAVE_HINT);
        }
        if (holdsTensors(top)) return top;
        for (String key : WRAPPER_KEYS) {
            if (top.get(key) instanceof Map<?, ?> inner && holdsTensors(inner)) {
                wrapperKey[0] = key;
                return inner;
            }
        }
        List<String> keys = top.keySet().stream().map(String::valueOf).limit(20).toList();
        throw new CheckpointFormatException(source, "no tensors at the top level of the checkpoint, nor under "
                + WRAPPER_KEYS + "; its keys are " + keys,
                "save the state_dict itself (torch.save(model.state_dict(), path)), or re-save the inner dict:"
                + " torch.save(ckpt['<key>'], path)");
    }

    private static boolean holdsTensors(Map<?, ?> map) {
        for (Object v : map.values()) if (v instanceof TensorRef) return true;
        return false;
    }

    /** The bytes of data/<key>, checked against the element count the pickle gave for the storage. */
    private static ByteBuffer storage(ZipFile zip, String prefix, StorageRef ref, ByteOrder order, String source) {
        String name = prefix + "data/" + ref.key();
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new CheckpointFormatException(source, "data.pkl references storage '" + ref.key()
                    + "' but the archive has no entry " + name, ByteReads.TRUNCATED_HINT);
        }
        long needed = Sizes.saturatingMultiply(ref.numel(), ref.dtype().bytes());
        long size = Zips.size(e, source);
        if (size < needed) {
            throw new CheckpointFormatException(source, "storage " + name + " should hold " + ref.numel() + " "
                    + ref.dtype() + " elements (" + needed + " bytes) but holds " + size + " bytes",
                    ByteReads.TRUNCATED_HINT);
        }
        try {
            return ByteBuffer.wrap(Zips.readEntry(zip, e, source, name)).order(order);
        } catch (IOException ex) {
            throw new UncheckedIOException(source + ": cannot read " + name, ex);
        }
    }

    /** Walks size/stride from the storage offset, as torch indexes a strided view. */
    private static Tensor materialise(String key, TensorRef ref, ByteBuffer bytes, String source) {
        long[] size = ref.size(), stride = ref.stride();
        long numel = Sizes.numel(size);
        long storageElements = Math.min(ref.storage().numel(), bytes.capacity() / ref.storage().dtype().bytes());
        if (numel > 0) {
            // The last element the view touches must lie inside the storage.
            long last = ref.offset();
            for (int d = 0; d < size.length; d++) {
                last = Sizes.saturatingAdd(last, Sizes.saturatingMultiply(size[d] - 1, stride[d]));
            }
            if (last >= storageElements) {
                throw new CheckpointFormatException(source, "tensor '" + key + "' (size " + Sizes.str(size)
                        + ", stride " + Sizes.str(stride) + ", offset " + ref.offset() + ") reaches element " + last
                        + " of storage '" + ref.storage().key() + "', which holds " + storageElements,
                        TorchUnpickler.NOT_TORCH_HINT);
            }
        }
        if (numel > storageElements && numel > BROADCAST_LIMIT) {
            // Only stride-0 (expanded) views can be larger than their storage; do not let a tiny file
            // make us allocate gigabytes.
            throw new CheckpointFormatException(source, "tensor '" + key + "' (size " + Sizes.str(size) + ", stride "
                    + Sizes.str(stride) + ") has " + numel + " elements but its storage holds only " + storageElements
                    + "; this reader does not expand broadcast views that large",
                    "save a materialised copy instead: t.contiguous() (or the tensor before .expand)");
        }
        int[] shape = Sizes.toIntShape(size, source, "tensor '" + key + "'");
        DType dtype = ref.storage().dtype();
        int width = dtype.bytes();
        float[] out = new float[(int) numel];
        // Odometer over the index (i0, i1, ..., i_{r-1}); pos is the storage element it addresses.
        int rank = shape.length;
        int[] idx = new int[rank];
        long pos = ref.offset();
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.floatAt(bytes, Math.toIntExact(pos * width));
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                pos += stride[d];
                if (idx[d] < shape[d]) break;
                pos -= stride[d] * shape[d];
                idx[d] = 0;
            }
        }
        return new Tensor(shape, out);
    }
}
