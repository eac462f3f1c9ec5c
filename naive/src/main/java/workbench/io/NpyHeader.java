/*
 * The header dictionary of a .npy file: dtype descriptor, memory order and shape.
 * Mirrors the NumPy format spec (numpy/lib/format.py, "NPY format"): the header is a Python dict
 * literal with the keys 'descr', 'fortran_order' and 'shape'; 'descr' is a byte-order character
 * ('<', '>', '|', '=') followed by a kind and an item size, e.g. '<f4', '|u1', '>i8'.
 * Deliberately not supported: Fortran order, structured (record) dtypes, object arrays, strings,
 * datetimes and complex numbers. Each is rejected with a message saying how to re-save the array.
 */
package workbench.io;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

record NpyHeader(String descr, DType dtype, ByteOrder order, boolean fortranOrder, long[] shape) {

    static final String SUPPORTED = "'<f4', '<f8', '<f2', '|i1', '|u1', '<i2', '<u2', '<i4', '<u4', '<i8', '|b1'"
            + " (and the '>' big-endian forms)";

    static NpyHeader parse(String text, String source) {
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(source, "the .npy header is not a Python dict literal ("
                    + e.getMessage() + "): " + abbreviate(text), "the file is damaged; re-save it with np.save");
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new CheckpointFormatException(source, "the .npy header is not a dict: " + abbreviate(text),
                    "the file is damaged; re-save it with np.save");
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new CheckpointFormatException(source, "the .npy header has no '" + key + "' key: "
                        + abbreviate(text), "the file is damaged; re-save it with np.save");
            }
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new CheckpointFormatException(source, "the array has a structured dtype " + abbreviate(
                    String.valueOf(dict.get("descr"))) + "; this reader reads plain numeric arrays",
                    "save each field as its own array, e.g. np.savez(path, **{n: a[n] for n in a.dtype.names})");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new CheckpointFormatException(source, "the .npy header's 'fortran_order' is not True or False: "
                    + abbreviate(text), "the file is damaged; re-save it with np.save");
        }
        if (fortran) {
            throw new CheckpointFormatException(source, "the array is stored in Fortran (column-major) order"
                    + " (fortran_order: True); this reader reads C order only",
                    "save np.ascontiguousarray(a) instead of a (np.save keeps the order of transposed"
                    + " and np.asfortranarray arrays)");
        }
        long[] shape = shape(dict.get("shape"), text, source);
        DType dtype = dtype(descr, source);
        ByteOrder order = switch (descr.isEmpty() ? '<' : descr.charAt(0)) {
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN; // '<', and '|' for one-byte types where it does not matter
        };
        return new NpyHeader(descr, dtype, order, false, shape);
    }

    private static long[] shape(Object value, String text, String source) {
        if (!(value instanceof List<?> dims)) {
            throw new CheckpointFormatException(source, "the .npy header's 'shape' is not a tuple: " + abbreviate(text),
                    "the file is damaged; re-save it with np.save");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof BigInteger d) || d.signum() < 0 || d.bitLength() > 62) {
                throw new CheckpointFormatException(source, "the .npy header's shape has a bad dimension "
                        + dims.get(i) + ": " + abbreviate(text), "the file is damaged; re-save it with np.save");
            }
            shape[i] = d.longValue();
        }
        return shape;
    }

    private static DType dtype(String descr, String source) {
        String body = descr;
        if (!body.isEmpty() && "<>|=".indexOf(body.charAt(0)) >= 0) body = body.substring(1);
        DType t = switch (body) {
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "i1" -> DType.INT8;
            case "u1" -> DType.UINT8;
            case "i2" -> DType.INT16;
            case "u2" -> DType.UINT16;
            case "i4" -> DType.INT32;
            case "u4" -> DType.UINT32;
            case "i8" -> DType.INT64;
            case "b1", "?" -> DType.BOOL;
            default -> null;
        };
        if (t != null) return t;
        if (body.equals("O")) {
            throw new CheckpointFormatException(source, "the array holds Python objects (dtype object, '" + descr
                    + "'); reading it would mean unpickling arbitrary objects",
                    "save a numeric array instead, e.g. np.save(path, np.asarray(a, dtype=np.float32))");
        }
        throw new CheckpointFormatException(source, "unsupported dtype '" + descr + "'; supported: " + SUPPORTED,
                "convert before saving, e.g. np.save(path, a.astype(np.float32))");
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }
}
