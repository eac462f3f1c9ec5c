/*
 * SafetensorsReader against hand-written spec-conformant files (values from torch) and against
 * headers that lie: about their own length, about offsets, about dtypes, about each other.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static workbench.io.IoFixtures.assertBitExact;
import static workbench.io.IoFixtures.assertFormatError;
import static workbench.io.IoFixtures.expected;
import static workbench.io.IoFixtures.fixture;
import static workbench.io.IoFixtures.strings;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafetensorsReaderTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"st_basic.safetensors", "st_all_dtypes.safetensors"})
    void reads_every_tensor_like_torch_in_header_order(String name) {
        StateDict sd = SafetensorsReader.read(fixture(name));
        JsonNode want = expected(name);
        assertThat(sd.keys()).containsExactlyElementsOf(strings(want.get("keys")));
        for (String k : sd.keys()) assertBitExact(name + ":" + k, sd.get(k), want.get("tensors").get(k));
    }

    @Test
    void reads_float16_and_bfloat16_like_torch_float() {
        StateDict sd = SafetensorsReader.read(fixture("st_basic.safetensors"));
        assertThat(sd.dtype("encoder.half")).isEqualTo(DType.FLOAT16);
        assertThat(sd.dtype("decoder.bf16")).isEqualTo(DType.BFLOAT16);
        assertThat(sd.dtype("decoder.steps")).isEqualTo(DType.INT64);
        assertBitExact("bf16", sd.get("decoder.bf16"), expected("st_basic.safetensors").get("tensors").get("decoder.bf16"));
        assertThat(sd.skippedKeys()).isEmpty(); // __metadata__ is not a tensor and not reported
    }

    @Test
    void rejects_a_header_length_larger_than_the_file() {
        Path p = IoFixtures.write(tmp, "long.safetensors", file(1L << 40, "{}", 0));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertFormatError(() -> SafetensorsReader.read(p), p, "header length says 1099511627776 bytes but only 2"));
        Path q = IoFixtures.write(tmp, "negative.safetensors", file(-1, "{}", 0));
        assertFormatError(() -> SafetensorsReader.read(q), q, "header length says 18446744073709551615 bytes");
    }

    @Test
    void rejects_a_file_shorter_than_the_length_field() {
        Path p = IoFixtures.write(tmp, "tiny.safetensors", new byte[] {2, 0, 0});
        assertFormatError(() -> SafetensorsReader.read(p), p, "truncated: the file holds 3 bytes");
    }

    @Test
    void rejects_a_truncated_file() {
        Path p = IoFixtures.truncatedCopy("st_basic.safetensors", 5, tmp);
        assertFormatError(() -> SafetensorsReader.read(p), p, "tensor 'decoder.steps': data_offsets [44, 68] lie outside"
                + " the data buffer of 63 bytes");
    }

    @Test
    void rejects_offsets_outside_the_data() {
        Path p = IoFixtures.write(tmp, "outside.safetensors",
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 8));
        assertFormatError(() -> SafetensorsReader.read(p), p, "data_offsets [4, 12] lie outside the data buffer of 8 bytes");
        Path q = IoFixtures.write(tmp, "reversed.safetensors",
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8));
        assertFormatError(() -> SafetensorsReader.read(q), q, "data_offsets [8, 4] lie outside");
    }

    @Test
    void rejects_overlapping_offsets() {
        Path p = IoFixtures.write(tmp, "overlap.safetensors", file("{"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertFormatError(() -> SafetensorsReader.read(p), p, "tensors 'a' [0, 8] and 'b' [4, 12] overlap");
    }

    @Test
    void rejects_a_shape_that_does_not_match_its_offsets() {
        Path p = IoFixtures.write(tmp, "mismatch.safetensors",
                file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        assertFormatError(() -> SafetensorsReader.read(p), p, "shape (3) of BF16 needs 6 bytes but data_offsets [0, 8] span 8");
        Path q = IoFixtures.write(tmp, "huge.safetensors",
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],\"data_offsets\":[0,8]}}", 8));
        assertFormatError(() -> SafetensorsReader.read(q), q, "needs 4000000000000000000 bytes");
    }

    @Test
    void rejects_unknown_dtypes_bad_json_and_duplicate_keys() {
        Path u = IoFixtures.write(tmp, "f8.safetensors",
                file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
        assertFormatError(() -> SafetensorsReader.read(u), u, "unsupported dtype 'F8_E4M3'");
        Path j = IoFixtures.write(tmp, "json.safetensors", file("{\"a\": [", 0));
        assertFormatError(() -> SafetensorsReader.read(j), j, "the header is not valid JSON");
        Path d = IoFixtures.write(tmp, "dup.safetensors", file("{"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2));
        assertFormatError(() -> SafetensorsReader.read(d), d, "Duplicate field 'a'");
        Path s = IoFixtures.write(tmp, "shape.safetensors",
                file("{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", 1));
        assertFormatError(() -> SafetensorsReader.read(s), s, "expected a non-negative integer");
    }

    /** A safetensors file: the true header length, the header, then {@code dataBytes} zero bytes. */
    static byte[] file(String json, int dataBytes) {
        return file(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
    }

    /** Same, but with {@code claimedLength} in the length field, whatever the header really is. */
    static byte[] file(long claimedLength, String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(claimedLength).put(header);
        return b.array();
    }
}
