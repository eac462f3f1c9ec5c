/*
 * StateDict.load's dispatch by extension, directories of .npy files, and the lookup helpers.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static workbench.io.IoFixtures.assertFormatError;
import static workbench.io.IoFixtures.fixture;
import static workbench.io.IoFixtures.strings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.tensor.Tensor;

class StateDictTest {
    @TempDir Path tmp;

    @Test
    void load_picks_the_reader_from_the_extension() {
        assertThat(StateDict.load(fixture("pth_model.pth")).keys())
                .containsExactlyElementsOf(strings(IoFixtures.expected("pth_model.pth").get("keys")));
        assertThat(StateDict.load(fixture("st_basic.safetensors")).keys())
                .containsExactlyElementsOf(strings(IoFixtures.expected("st_basic.safetensors").get("keys")));
        StateDict npz = StateDict.load(fixture("npz_compressed.npz"));
        assertThat(npz.keys()).containsExactly("zeta", "alpha", "mid/inner");
        assertThat(npz.dtype("alpha")).isEqualTo(DType.UINT8);
        StateDict npy = StateDict.load(fixture("npy_u1.npy"));
        assertThat(npy.keys()).containsExactly("npy_u1");
        assertThat(npy.source()).isEqualTo(fixture("npy_u1.npy"));
    }

    @Test
    void reads_a_directory_of_npy_files_with_slash_joined_keys() throws IOException {
        Files.createDirectories(tmp.resolve("params"));
        NpyWriter.write(tmp.resolve("params/layer1.0.conv1.weight.npy"), Tensor.randn(1, 2, 3));
        NpyWriter.write(tmp.resolve("input.npy"), Tensor.randn(2, 4));
        Files.writeString(tmp.resolve("manifest.json"), "{}");
        StateDict sd = StateDict.fromNpyDirectory(tmp);
        assertThat(sd.keys()).containsExactly("input", "params/layer1.0.conv1.weight");
        assertThat(sd.get("params/layer1.0.conv1.weight").data()).containsExactly(Tensor.randn(1, 2, 3).data());
        assertThat(StateDict.load(tmp).keys()).isEqualTo(sd.keys());
        assertThat(sd.stripPrefix("params/").keys()).containsExactly("layer1.0.conv1.weight");
    }

    @Test
    void rejects_a_directory_without_npy_files() {
        assertFormatError(() -> StateDict.fromNpyDirectory(tmp), tmp, "holds no .npy files");
    }

    @Test
    void rejects_an_unknown_extension_listing_the_supported_formats() {
        Path p = IoFixtures.write(tmp, "weights.h5", new byte[] {1, 2, 3});
        assertFormatError(() -> StateDict.load(p), p, "unknown checkpoint extension '.h5'; supported: .pth/.pt/.bin/.ckpt");
    }

    @Test
    void reports_a_missing_file_as_an_io_error_with_the_path() {
        assertThatThrownBy(() -> StateDict.load(tmp.resolve("nope.pth")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("nope.pth");
    }

    @Test
    void get_of_a_missing_key_names_keys_that_look_alike() {
        StateDict sd = StateDict.of(Path.of("mem"), Map.of("module.conv1.weight", Tensor.zeros(1)));
        assertThatThrownBy(() -> sd.get("conv1.weight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tensor 'conv1.weight'")
                .hasMessageContaining("---> HINT: keys ending like it: [module.conv1.weight]");
        assertThat(sd.stripPrefix("module.").get("conv1.weight").shape()).containsExactly(1);
        assertThat(sd.find("conv1.weight")).isEmpty();
    }
}
