/*
 * Float64 arrays from .npy files and .npz members, at full precision and in either memory order.
 * workbench.io's readers give float32 tensors in C order; the VGGish front end needs float64
 * inputs, and PCA files written by numpy often hold a transposed (Fortran-order) matrix:
 * np.savez keeps the order of the array it is given, and pca_eigen_vectors is usually a product
 * with a transpose. Values are returned row-major (C order) whatever the file's order.
 * Dtypes: '<f8', '<f4', '<i2', '<i4', '<i8', '|u1' and their '>' forms; others are rejected with a message.
 * Deliberately small: the header dict is parsed with regular expressions, not a Python parser.
 */
package workbench.vggish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import workbench.io.DType;

public final class NpyDoubles {
    private NpyDoubles() {}

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final String HINT = "re-save the array with np.save / np.savez from NumPy";

    /** Values (row-major), shape and the dtype the file stored. */
    public record Array(double[] values, int[] shape, DType dtype) {
        @Override
        public String toString() { return dtype + Arrays.toString(shape); }
    }

    public static Array read(Path npy) {
        try {
            return parse(Files.readAllBytes(npy), npy.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(npy + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Every .npy member of an .npz archive, by key (member name without .npy), in archive order. */
    public static Map<String, Array> readNpz(Path npz) {
        LinkedHashMap<String, Array> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName().substring(0, e.getName().length() - 4), parse(in.readAllBytes(), npz + ":" + e.getName()));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(npz + ": not an .npz (zip) archive (" + e.getMessage() + ")\n  ---> HINT: " + HINT, e);
        } catch (IOException e) {
            throw new UncheckedIOException(npz + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(npz + ": the archive holds no .npy members\n  ---> HINT: " + HINT);
        return out;
    }

    static Array parse(byte[] b, String source) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || !new String(b, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw new IllegalArgumentException(source + ": not a .npy array (no \\x93NUMPY magic)\n  ---> HINT: " + HINT);
        }
        int major = b[6];
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? le.getShort(8) & 0xffff : le.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLength;
        if (start > b.length) throw new IllegalArgumentException(source + ": truncated .npy header\n  ---> HINT: " + HINT);
        String header = new String(b, major == 1 ? 10 : 12, headerLength, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IllegalArgumentException(source + ": unsupported .npy header " + header.trim()
                    + " (numeric dtypes only)\n  ---> HINT: " + HINT);
        }
        String[] dims = s.group(1).trim().isEmpty() ? new String[0] : s.group(1).split(",");
        int[] shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int n = 1;
        for (int x : shape) n = Math.multiplyExact(n, x);
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        DType dtype = switch (kind + "" + size) {
            case "f8" -> DType.FLOAT64;
            case "f4" -> DType.FLOAT32;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "u1" -> DType.UINT8;
            default -> throw new IllegalArgumentException(source + ": dtype '" + d.group(1) + kind + size
                    + "' is not supported here (float64, float32, int16/32/64, uint8)\n  ---> HINT: " + HINT);
        };
        if ((long) n * size != b.length - start) {
            throw new IllegalArgumentException(source + ": the header says shape " + Arrays.toString(shape) + " of " + dtype + " ("
                    + (long) n * size + " bytes) but " + (b.length - start) + " bytes follow it\n  ---> HINT: " + HINT);
        }
        ByteBuffer buf = ByteBuffer.wrap(b, start, b.length - start).slice()
                .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            raw[i] = switch (dtype) {
                case FLOAT64 -> buf.getDouble(i * 8);
                case FLOAT32 -> buf.getFloat(i * 4);
                case INT16 -> buf.getShort(i * 2);
                case INT32 -> buf.getInt(i * 4);
                case INT64 -> buf.getLong(i * 8);
                default -> buf.get(i) & 0xff;
            };
        }
        boolean fortran = f.group(1).equals("True") && shape.length > 1;
        return new Array(fortran ? toRowMajor(raw, shape) : raw, shape, dtype);
    }

    /** Column-major (first index fastest) -> row-major (last index fastest). */
    private static double[] toRowMajor(double[] colMajor, int[] shape) {
        double[] out = new double[colMajor.length];
        int[] idx = new int[shape.length];
        for (int c = 0; c < colMajor.length; c++) {
            // idx is the multi-index of element c in column-major order
            int r = 0;
            for (int k = 0; k < shape.length; k++) r = r * shape[k] + idx[k];
            out[r] = colMajor[c];
            for (int k = 0; k < shape.length; k++) {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
        return out;
    }
}
