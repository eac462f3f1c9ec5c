/*
 * Writer for the safetensors format (huggingface/safetensors, README "Format"): an unsigned 64-bit
 * little-endian header length N, N bytes of UTF-8 JSON
 *   {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
 * padded with spaces to a multiple of 8 bytes, then the tensors' bytes back to back, little-endian,
 * row-major, in the map's order. Every tensor is written as F32. SafetensorsReader reads it back.
 * Deliberately not done: other dtypes, "__metadata__", memory mapping.
 */
package workbench.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import workbench.tensor.Tensor;

public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    public static void write(Path path, Map<String, Tensor> tensors) {
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long end = offset + 4L * t.numel();
            if (json.length() > 1) json.append(',');
            json.append('"').append(escape(e.getKey())).append("\":{\"dtype\":\"F32\",\"shape\":[");
            int[] s = t.shape();
            for (int i = 0; i < s.length; i++) json.append(i > 0 ? "," : "").append(s[i]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) json.append(' ');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (Tensor t : tensors.values()) {
                ByteBuffer body = ByteBuffer.allocate(4 * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : t.data()) body.putFloat(v);
                out.write(body.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write", e);
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
