/*
 * The harness itself can fail: a damaged reference, a tensor the code does not compute and an
 * unknown case are each reported, with the tensor's name and the worst index.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.kernels.NaiveKernels;
import workbench.tensor.Tensor;

class GoldenHarnessTest {
    static final Path CASE = Path.of("data/resnet/basicblock_c16_c32_s2_down");

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return to;
    }

    @Test
    void a_changed_reference_value_fails_and_names_the_worst_index(@TempDir Path tmp) throws IOException {
        Path dir = copy(CASE, tmp.resolve("case"));
        Tensor out = NpyIo.read(dir.resolve("output.npy"));
        int at = out.offset(1, 5, 3, 4);
        out.data()[at] += 0.05f;
        NpyIo.write(dir.resolve("output.npy"), out);
        GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(dir), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null);
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).contains("TENSOR NOT OK").contains("[1,5,3,4]").contains("bad=1/");
        assertThat(r.reports().stream().filter(t -> !t.ok()).map(TensorReport::name)).containsExactly("output");
    }

    @Test
    void a_reference_tensor_the_code_does_not_compute_is_a_failure(@TempDir Path tmp) throws IOException {
        Path dir = copy(CASE, tmp.resolve("case"));
        String m = Files.readString(dir.resolve("manifest.json"));
        m = m.replace("\"name\": \"output\"", "\"name\": \"output_after_softmax\"");
        Files.writeString(dir.resolve("manifest.json"), m);
        GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(dir), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null);
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).contains("output_after_softmax").contains("not computed by our code");
    }

    @Test
    void an_unknown_case_is_an_error_not_a_pass(@TempDir Path tmp) throws IOException {
        Path dir = copy(CASE, tmp.resolve("case"));
        String m = Files.readString(dir.resolve("manifest.json")).replace("\"function\": \"BasicBlock\"", "\"function\": \"WideBlock\"");
        Files.writeString(dir.resolve("manifest.json"), m);
        assertThatThrownBy(() -> GoldenChecker.check(GoldenCase.open(dir), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no runner").hasMessageContaining("WideBlock");
    }

    @Test
    void a_folder_without_manifest_says_what_a_case_is(@TempDir Path tmp) {
        assertThatThrownBy(() -> GoldenCase.open(tmp)).hasMessageContaining("no manifest.json").hasMessageContaining("HINT");
    }

    @Test
    void errors_on_the_last_column_get_a_padding_hint() {
        Tensor ref = Tensor.randn(3, 1, 2, 6, 6);
        Tensor got = ref.copy();
        for (int c = 0; c < 2; c++) for (int y = 0; y < 6; y++) got.data()[got.offset(0, c, y, 5)] += 1f;
        TensorReport r = TensorReport.compare("conv1", ref, got, GoldenTolerances.CONV_F32);
        assertThat(r.ok()).isFalse();
        assertThat(r.bad()).isEqualTo(12);
        assertThat(r.text()).contains("last column");
    }

    @Test
    void written_outputs_use_the_manifest_file_names(@TempDir Path tmp) {
        GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(CASE), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, tmp);
        assertThat(r.ok()).as(r.text()).isTrue();
        assertThat(tmp.resolve("output.npy")).exists();
        assertThat(tmp.resolve("trace/conv1.npy")).exists();
        assertThat(NpyIo.read(tmp.resolve("output.npy")).maxAbsDiff(NpyIo.read(CASE.resolve("output.npy")))).isLessThan(1e-3f);
    }
}
