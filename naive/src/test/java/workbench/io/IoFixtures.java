/*
 * Shared test helpers for workbench.io: where the fixtures are, what NumPy/torch said about them
 * (expected.json, written by golden-tests/generate/io_fixtures.py), bit-exact comparison of a
 * Tensor with those values, and the one assertion every malformed-input test makes.
 * The expected values are float32 numbers written by Python as JSON doubles (exact), so a float
 * cast gives back the very bits NumPy/torch held.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import workbench.tensor.Tensor;

final class IoFixtures {
    private IoFixtures() {}

    static final Path DIR;
    static final JsonNode EXPECTED;

    static {
        try {
            DIR = Path.of(IoFixtures.class.getResource("/io/expected.json").toURI()).getParent();
            EXPECTED = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path fixture(String name) {
        return DIR.resolve(name);
    }

    static JsonNode expected(String fixture) {
        JsonNode n = EXPECTED.get(fixture);
        assertThat(n).as("expected.json has an entry for " + fixture + " (re-run io_fixtures.py)").isNotNull();
        return n;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static int[] shape(JsonNode entry) {
        return entry.get("shape").valueStream().mapToInt(JsonNode::asInt).toArray();
    }

    static long[] integers(JsonNode entry) {
        return entry.get("integers").valueStream().mapToLong(JsonNode::longValue).toArray();
    }

    /** Shape equal and every element bit-identical to the float32 values NumPy/torch reported. */
    static void assertBitExact(String what, Tensor got, JsonNode entry) {
        assertThat(got.shape()).as(what + " shape").containsExactly(shape(entry));
        JsonNode values = entry.get("values");
        assertThat(got.numel()).as(what + " element count").isEqualTo(values.size());
        for (int i = 0; i < got.numel(); i++) {
            float want = (float) values.get(i).doubleValue();
            float have = got.data()[i];
            if (Float.floatToIntBits(want) != Float.floatToIntBits(have)) {
                throw new AssertionError(what + " differs at " + Arrays.toString(got.index(i))
                        + ": expected " + want + " (bits " + Integer.toHexString(Float.floatToIntBits(want))
                        + ") got " + have + " (bits " + Integer.toHexString(Float.floatToIntBits(have)) + ")");
            }
        }
    }

    /** One CheckpointFormatException naming the file, saying {@code phrase}, with a HINT line. */
    static void assertFormatError(ThrowingCallable call, Path file, String phrase) {
        assertThatThrownBy(call)
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining(phrase)
                .hasMessageContaining("\n  ---> HINT: ");
    }

    /** Writes {@code bytes} to {@code dir/name} and returns the path. */
    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a fixture with its last {@code cut} bytes removed. */
    static Path truncatedCopy(String fixture, int cut, Path dir) {
        byte[] all = bytes(fixture(fixture));
        return write(dir, fixture, Arrays.copyOf(all, all.length - cut));
    }
}
