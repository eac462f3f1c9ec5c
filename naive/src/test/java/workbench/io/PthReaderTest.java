/*
 * PthReader against files torch.save wrote (dtypes, views, a model's state_dict, Parameters, a
 * wrapped checkpoint, the legacy format) and against hostile or broken archives: a pickle that
 * names os.system, a huge broadcast view, storages that are too short, a truncated zip.
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PthReaderTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pth_mixed.pth", "pth_model.pth", "pth_params.pth", "pth_wrapped.pth"})
    void reads_every_tensor_like_torch_in_state_dict_order(String name) {
        StateDict sd = PthReader.read(fixture(name));
        JsonNode want = expected(name);
        assertThat(sd.keys()).containsExactlyElementsOf(strings(want.get("keys")));
        for (String k : sd.keys()) assertBitExact(name + ":" + k, sd.get(k), want.get("tensors").get(k));
    }

    @Test
    void reads_float16_state_dict_entries_like_torch() {
        StateDict sd = PthReader.read(fixture("pth_mixed.pth"));
        assertThat(sd.dtype("w_f16")).isEqualTo(DType.FLOAT16);
        assertBitExact("w_f16", sd.get("w_f16"), expected("pth_mixed.pth").get("tensors").get("w_f16"));
    }

    @Test
    void reads_bfloat16_state_dict_entries_like_torch() {
        StateDict sd = PthReader.read(fixture("pth_mixed.pth"));
        assertThat(sd.dtype("w_bf16")).isEqualTo(DType.BFLOAT16);
        assertBitExact("w_bf16", sd.get("w_bf16"), expected("pth_mixed.pth").get("tensors").get("w_bf16"));
    }

    @Test
    void reads_transposed_and_offset_views_as_torch_shows_them() {
        StateDict sd = PthReader.read(fixture("pth_mixed.pth"));
        JsonNode want = expected("pth_mixed.pth").get("tensors");
        assertThat(sd.get("transposed").shape()).containsExactly(4, 3);
        assertBitExact("transposed", sd.get("transposed"), want.get("transposed"));
        assertBitExact("offset_view", sd.get("offset_view"), want.get("offset_view"));
        // the transposed view shares w_f32's storage: element [i][j] of one is [j][i] of the other
        assertThat(sd.get("transposed").get(3, 1)).isEqualTo(sd.get("w_f32").get(1, 3));
    }

    @Test
    void reads_a_broadcast_view_with_stride_0_like_torch() {
        StateDict sd = PthReader.read(fixture("pth_mixed.pth"));
        assertThat(sd.get("broadcast").shape()).containsExactly(2, 3);
        assertBitExact("broadcast", sd.get("broadcast"), expected("pth_mixed.pth").get("tensors").get("broadcast"));
    }

    @Test
    void refuses_to_expand_a_huge_broadcast_view_of_a_tiny_storage() {
        Path p = fixture("bad_broadcast.pth");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFormatError(() -> PthReader.read(p), p,
                "has 10000000000 elements but its storage holds only 4"));
    }

    @Test
    void keeps_state_dict_key_order_rather_than_hash_order() {
        StateDict sd = PthReader.read(fixture("pth_mixed.pth"));
        assertThat(sd.keys()).first().isEqualTo("z_first");
        assertThat(List.copyOf(sd.keys())).isNotEqualTo(sd.keys().stream().sorted().toList());
    }

    @Test
    void reads_a_model_state_dict_including_num_batches_tracked() {
        StateDict sd = PthReader.read(fixture("pth_model.pth"));
        assertThat(sd.keys()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
                "1.running_var", "1.num_batches_tracked");
        assertThat(sd.dtype("1.num_batches_tracked")).isEqualTo(DType.INT64);
        assertThat(sd.get("1.num_batches_tracked").shape()).isEmpty();
        assertThat(sd.wrapperKey()).isEmpty();
    }

    @Test
    void unwraps_a_checkpoint_dict_and_says_which_key_held_the_state_dict() {
        StateDict sd = PthReader.read(fixture("pth_wrapped.pth"));
        assertThat(sd.wrapperKey()).contains("model_state");
        assertThat(sd.keys()).containsExactlyElementsOf(strings(expected("pth_wrapped.pth").get("keys")));
    }

    @Test
    void skips_non_tensor_values_without_error() {
        StateDict sd = PthReader.read(fixture("pth_mixed.pth"));
        assertThat(sd.skippedKeys()).containsExactly("note", "count");
        assertThat(sd.contains("note")).isFalse();
    }

    @Test
    void never_runs_what_a_pickle_names_and_skips_that_value() {
        StateDict sd = PthReader.read(fixture("bad_callable.pth"));
        JsonNode want = expected("bad_callable.pth");
        assertThat(sd.keys()).containsExactlyElementsOf(strings(want.get("keys")));
        assertThat(sd.skippedKeys()).containsExactlyElementsOf(strings(want.get("skipped")));
        assertBitExact("w", sd.get("w"), want.get("tensors").get("w"));
    }

    @Test
    void rejects_a_storage_reference_that_is_not_a_torch_storage() {
        Path p = fixture("bad_storage.pth");
        assertFormatError(() -> PthReader.read(p), p, "names posix.system where a torch storage class");
    }

    @Test
    void rejects_legacy_format_with_a_hint_to_resave() {
        Path p = fixture("pth_legacy.pth");
        assertFormatError(() -> PthReader.read(p), p, "legacy (pre-1.6) torch.save format");
        assertFormatError(() -> PthReader.read(p), p, "torch >= 1.6's default format");
    }

    @Test
    void rejects_a_truncated_zip_with_a_hint() {
        Path p = IoFixtures.truncatedCopy("pth_model.pth", 100, tmp);
        assertFormatError(() -> PthReader.read(p), p, "unreadable zip archive");
    }

    @Test
    void rejects_a_zip_without_data_pkl() {
        Path p = IoFixtures.write(tmp, "arrays.pth", IoFixtures.bytes(fixture("npz_plain.npz")));
        assertFormatError(() -> PthReader.read(p), p, "no data.pkl entry");
    }

    @Test
    void rejects_a_storage_shorter_than_the_pickle_says() throws IOException {
        Path p = rewrite("pth_model.pth", (name, bytes) ->
                name.equals("pth_model/data/0") ? Arrays.copyOf(bytes, 8) : bytes);
        assertFormatError(() -> PthReader.read(p), p, "storage pth_model/data/0 should hold 54 FLOAT32 elements"
                + " (216 bytes) but holds 8 bytes");
    }

    @Test
    void rejects_a_missing_storage_entry() throws IOException {
        Path p = rewrite("pth_model.pth", (name, bytes) -> name.equals("pth_model/data/1") ? null : bytes);
        assertFormatError(() -> PthReader.read(p), p, "references storage '1' but the archive has no entry pth_model/data/1");
    }

    @Test
    void rejects_a_pickle_announcing_more_bytes_than_it_holds_without_allocating_them() throws IOException {
        // PROTO 2, BINUNICODE with a length of 2^31 - 1 and nothing after it
        byte[] pickle = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        Path p = IoFixtures.write(tmp, "liar.pth", NpzReaderTest.zip("liar/data.pkl", pickle));
        assertFormatError(() -> PthReader.read(p), p, "announces a 2147483647-byte value but only 0 bytes are left");
    }

    @Test
    void rejects_a_pickle_that_is_cut_off() throws IOException {
        Path p = rewrite("pth_model.pth", (name, bytes) ->
                name.endsWith("data.pkl") ? Arrays.copyOf(bytes, bytes.length / 2) : bytes);
        assertFormatError(() -> PthReader.read(p), p, "data.pkl");
    }

    @Test
    void rejects_a_checkpoint_without_tensors_listing_its_keys() throws IOException {
        // {'epoch': 3} as protocol 2: PROTO 2, EMPTY_DICT, SHORT_BINUNICODE 'epoch', BININT1 3, SETITEM, STOP
        byte[] pickle = {(byte) 0x80, 2, '}', (byte) 0x8c, 5, 'e', 'p', 'o', 'c', 'h', 'K', 3, 's', '.'};
        Path p = IoFixtures.write(tmp, "meta.pth", NpzReaderTest.zip("meta/data.pkl", pickle));
        assertFormatError(() -> PthReader.read(p), p, "no tensors at the top level of the checkpoint");
        assertFormatError(() -> PthReader.read(p), p, "its keys are [epoch]");
    }

    /** A copy of a fixture zip with each entry's bytes mapped (null drops the entry). */
    private Path rewrite(String fixture, BiFunction<String, byte[], byte[]> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(fixture(fixture).toFile()); ZipOutputStream z = new ZipOutputStream(out)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = change.apply(e.getName(), s.readAllBytes());
                }
                if (bytes == null) continue;
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        return IoFixtures.write(tmp, fixture, out.toByteArray());
    }
}
