/*
 * NpzReader against np.savez and np.savez_compressed archives, and against broken archives.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static workbench.io.IoFixtures.assertBitExact;
import static workbench.io.IoFixtures.assertFormatError;
import static workbench.io.IoFixtures.expected;
import static workbench.io.IoFixtures.fixture;
import static workbench.io.IoFixtures.strings;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzReaderTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"npz_plain.npz", "npz_compressed.npz"})
    void reads_stored_and_deflated_archives_in_saved_order_like_numpy(String name) {
        LinkedHashMap<String, NpyArray> arrays = NpzReader.read(fixture(name));
        JsonNode want = expected(name);
        assertThat(arrays.keySet()).containsExactlyElementsOf(strings(want.get("keys")));
        arrays.forEach((k, a) -> {
            assertThat(a.descr()).isEqualTo(want.get("arrays").get(k).get("descr").asText());
            assertBitExact(name + ":" + k, a.tensor(), want.get("arrays").get(k));
        });
        assertThat(arrays.get("alpha").dtype()).isEqualTo(DType.UINT8);
    }

    @Test
    void rejects_a_truncated_archive_with_a_hint() {
        Path p = IoFixtures.truncatedCopy("npz_plain.npz", 30, tmp);
        assertFormatError(() -> NpzReader.read(p), p, "unreadable zip archive");
    }

    @Test
    void rejects_a_file_that_is_not_a_zip() {
        Path p = IoFixtures.write(tmp, "a.npz", IoFixtures.bytes(fixture("npy_f4_v1.npy")));
        assertFormatError(() -> NpzReader.read(p), p, "not a zip archive");
    }

    @Test
    void names_the_member_whose_npy_is_broken() throws IOException {
        byte[] good = IoFixtures.bytes(fixture("npy_f4_v1.npy"));
        byte[] cut = Arrays.copyOf(good, good.length - 8);
        Path p = IoFixtures.write(tmp, "broken.npz", zip("good.npy", good, "bad.npy", cut));
        assertFormatError(() -> NpzReader.read(p), p, "broken.npz:bad.npy: truncated");
    }

    @Test
    void rejects_an_archive_without_npy_members() throws IOException {
        Path p = IoFixtures.write(tmp, "other.npz", zip("readme.txt", new byte[] {'h', 'i'}));
        assertFormatError(() -> NpzReader.read(p), p, "holds no .npy members");
    }

    static byte[] zip(Object... nameThenBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < nameThenBytes.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) nameThenBytes[i]));
                z.write((byte[]) nameThenBytes[i + 1]);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
