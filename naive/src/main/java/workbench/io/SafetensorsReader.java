/*
 * Reader for the safetensors format (huggingface/safetensors, README "Format"): an unsigned 64-bit
 * little-endian header length N, N bytes of UTF-8 JSON
 *   {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ..., "__metadata__": {...}}
 * then the data buffer; offsets are relative to the start of that buffer, data is little-endian
 * and row-major. Dtypes F32, F16, BF16, F64, I64, I32, I16, I8, U8, U16, U32 and BOOL become float32.
 * Checked before anything is allocated: N against the file size (and the spec's 100 MB header cap),
 * each tensor's offsets against the buffer and against its shape and dtype, and tensors against each
 * other (no overlaps). Keys keep the order of the JSON header. "__metadata__" is ignored.
 * Deliberately not done: memory mapping, float8/complex/uint64 dtypes, writing.
 */
package workbench.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workbench.tensor.Tensor;

public final class SafetensorsReader {
    private SafetensorsReader() {}

    /** The reference implementation refuses headers above this size (MAX_HEADER_SIZE). */
    static final long MAX_HEADER = 100_000_000;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("F32", DType.FLOAT32), Map.entry("F16", DType.FLOAT16), Map.entry("BF16", DType.BFLOAT16),
            Map.entry("F64", DType.FLOAT64), Map.entry("I64", DType.INT64), Map.entry("I32", DType.INT32),
            Map.entry("I16", DType.INT16), Map.entry("I8", DType.INT8), Map.entry("U8", DType.UINT8),
            Map.entry("U16", DType.UINT16), Map.entry("U32", DType.UINT32), Map.entry("BOOL", DType.BOOL));

    private static final String REWRITE_HINT =
            "the file is damaged or was not written by a safetensors library; re-save it with safetensors.torch.save_file";

    /** One header entry, checked: where its bytes lie in the data buffer. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    public static StateDict read(Path path) {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointFormatException(source, "truncated: the file holds " + size
                        + " bytes, fewer than the 8-byte header length", ByteReads.TRUNCATED_HINT);
            }
            long n = read(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > size - 8) {
                throw new CheckpointFormatException(source, "the header length says "
                        + Long.toUnsignedString(n) + " bytes but only " + (size - 8) + " bytes follow it",
                        "the file is truncated, or is not a safetensors file; " + ByteReads.TRUNCATED_HINT);
            }
            if (n > MAX_HEADER) {
                throw new CheckpointFormatException(source, "the JSON header is " + n
                        + " bytes, more than the format's limit of " + MAX_HEADER, REWRITE_HINT);
            }
            JsonNode header = parseHeader(read(ch, 8, (int) n), source);
            long dataStart = 8 + n;
            List<Entry> entries = entries(header, size - dataStart, source);

            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            LinkedHashMap<String, DType> dtypes = new LinkedHashMap<>();
            for (Entry e : entries) {
                int[] shape = Sizes.toIntShape(e.shape(), source, "tensor '" + e.name() + "'");
                int count = Math.toIntExact(Sizes.numel(e.shape()));
                if (e.end() - e.begin() > ByteReads.MAX_ARRAY) {
                    throw new CheckpointFormatException(source, "tensor '" + e.name() + "' is " + (e.end() - e.begin())
                            + " bytes, more than one Java array holds", "save the tensor in smaller pieces");
                }
                ByteBuffer bytes = read(ch, dataStart + e.begin(), Math.toIntExact(e.end() - e.begin()));
                bytes.order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(e.name(), new Tensor(shape, e.dtype().toFloats(bytes, count)));
                dtypes.put(e.name(), e.dtype());
            }
            return new StateDict(path, tensors, dtypes, null, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read", e);
        }
    }

    private static JsonNode parseHeader(ByteBuffer bytes, String source) {
        JsonNode header;
        try {
            header = JSON.readTree(bytes.array());
        } catch (JacksonException e) {
            throw new CheckpointFormatException(source, "the header is not valid JSON: "
                    + e.getOriginalMessage(), REWRITE_HINT);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot parse the header", e);
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointFormatException(source, "the header is not a JSON object", REWRITE_HINT);
        }
        return header;
    }

    /** Validates every header entry against the data buffer of {@code dataLength} bytes and each other. */
    private static List<Entry> entries(JsonNode header, long dataLength, String source) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            String name = field.getKey();
            if (name.equals("__metadata__")) continue;
            JsonNode info = field.getValue();
            String where = "tensor '" + name + "'";
            if (!info.isObject()) {
                throw new CheckpointFormatException(source, where + ": header entry is not an object", REWRITE_HINT);
            }
            String dtypeName = info.path("dtype").asText("");
            DType dtype = DTYPES.get(dtypeName);
            if (dtype == null) {
                throw new CheckpointFormatException(source, where + ": unsupported dtype '" + dtypeName
                        + "'; supported: " + String.join(", ", DTYPES.keySet().stream().sorted().toList()),
                        "convert the tensor before saving, e.g. t.float()");
            }
            long[] shape = longs(info.path("shape"), -1, where + ": 'shape'", source);
            long[] offsets = longs(info.path("data_offsets"), 2, where + ": 'data_offsets'", source);
            long begin = offsets[0], end = offsets[1];
            if (begin > end || end > dataLength) {
                throw new CheckpointFormatException(source, where + ": data_offsets [" + begin + ", " + end
                        + "] lie outside the data buffer of " + dataLength + " bytes", ByteReads.TRUNCATED_HINT);
            }
            long needed = Sizes.saturatingMultiply(Sizes.numel(shape), dtype.bytes());
            if (needed != end - begin) {
                throw new CheckpointFormatException(source, where + ": shape " + Sizes.str(shape) + " of "
                        + dtypeName + " needs " + needed + " bytes but data_offsets [" + begin + ", " + end
                        + "] span " + (end - begin), REWRITE_HINT);
            }
            entries.add(new Entry(name, dtype, shape, begin, end));
        }
        // No two non-empty tensors may share bytes.
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() == e.end()) continue;
            if (previous != null && e.begin() < previous.end()) {
                throw new CheckpointFormatException(source, "tensors '" + previous.name() + "' [" + previous.begin()
                        + ", " + previous.end() + "] and '" + e.name() + "' [" + e.begin() + ", " + e.end()
                        + "] overlap in the data buffer", REWRITE_HINT);
            }
            previous = e;
        }
        return entries;
    }

    /** A JSON array of non-negative integers; {@code length} -1 for any length. */
    private static long[] longs(JsonNode node, int length, String what, String source) {
        if (!node.isArray() || (length >= 0 && node.size() != length)) {
            throw new CheckpointFormatException(source, what + " is " + node + ", expected "
                    + (length >= 0 ? length + " integers" : "an array of integers"), REWRITE_HINT);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new CheckpointFormatException(source, what + " holds " + v
                        + ", expected a non-negative integer", REWRITE_HINT);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /** Exactly {@code length} bytes at {@code position}; the caller checked they lie inside the file. */
    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, position + buf.position());
            if (r < 0) throw new IOException("file shrank while reading at byte " + (position + buf.position()));
        }
        return buf.flip();
    }
}
