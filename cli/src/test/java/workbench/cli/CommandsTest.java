/*
 * The commands as a user runs them: table, golden check, run (on torchvision-made checkpoints when
 * they have been generated), and the one-line errors for bad input.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import workbench.io.NpyReader;
import workbench.io.NpyWriter;
import workbench.tensor.Tensor;

class CommandsTest {
    static final Path DATA = Path.of("../golden-tests/data");
    static final Path CACHE = Path.of("../golden-tests/cache/resnet");

    @Test
    void help_lists_every_command() {
        CliRunner r = CliRunner.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("run").contains("golden").contains("table").contains("bench");
    }

    @Test
    void table_resnet_prints_the_papers_facts() {
        CliRunner r = CliRunner.run("table", "resnet");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("11,689,512").contains("21,797,672").contains("25,557,032").contains("44,549,160")
                .contains("60,192,808").contains("1.814").contains("3.664").contains("4.089").contains("7.801").contains("11.514")
                .contains("3.858").contains("7.570").contains("11.282").contains("19.632");
    }

    @Test
    void golden_check_passes_a_committed_case_and_writes_outputs(@TempDir Path tmp) {
        CliRunner r = CliRunner.run("golden", "check", DATA.resolve("resnet/bottleneck_c32_p16_s2_down").toString(),
                "--impl", "both", "--write-outputs", tmp.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("CASE OK").contains("naive").contains("vectorized");
        assertThat(tmp.resolve("naive/output.npy")).exists();
    }

    @Test
    void golden_check_exits_1_when_a_reference_was_changed(@TempDir Path tmp) throws IOException {
        Path src = DATA.resolve("kernels/conv_3x3_s1_p1");
        Path dir = Files.createDirectories(tmp.resolve("case"));
        try (var s = Files.list(src)) {
            for (Path p : s.toList()) Files.copy(p, dir.resolve(p.getFileName()));
        }
        Tensor out = NpyReader.readTensor(dir.resolve("output.npy"));
        out.data()[17] -= 1f;
        NpyWriter.write(dir.resolve("output.npy"), out);
        CliRunner r = CliRunner.run("golden", "check", dir.toString(), "--impl", "naive");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("TENSOR NOT OK").contains("CASE NOT OK");
    }

    @Test
    void golden_check_of_a_folder_without_manifest_is_an_error(@TempDir Path tmp) {
        CliRunner r = CliRunner.run("golden", "check", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("no manifest.json").doesNotContain("at workbench.");
    }

    /** Done-when of chapter 01: run on torchvision-made weights matches torchvision's logits. */
    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet34", "resnet50", "resnet101", "resnet152"})
    void run_matches_torchvision_logits_on_both_implementations(String arch, @TempDir Path tmp) {
        Path c = CACHE.resolve(arch);
        if (!Files.isRegularFile(c.resolve("model.pth"))) {
            String why = c + "/model.pth missing: generate with golden-tests/generate/resnet.py --set full (./workbench test does)";
            if ("1".equals(System.getenv("WB_REQUIRE_FULL_GOLDEN"))) throw new AssertionError(why);
            Assumptions.abort(why);
        }
        Tensor ref = NpyReader.readTensor(c.resolve("output.npy"));
        for (String impl : new String[] {"naive", "vectorized"}) {
            Path out = tmp.resolve(impl + ".npy");
            CliRunner r = CliRunner.run("run", arch, "--weights", c.resolve("model.pth").toString(), "--input",
                    c.resolve("input.npy").toString(), "--output", out.toString(), "--impl", impl);
            assertThat(r.exit()).as(r.err()).isZero();
            Tensor got = NpyReader.readTensor(out);
            assertThat(got.shape()).containsExactly(ref.shape());
            double tol = 1e-4 * Math.max(1, ref.maxAbs());
            assertThat((double) got.maxAbsDiff(ref)).as(arch + " " + impl + " max|d| vs torchvision logits").isLessThanOrEqualTo(tol);
        }
    }

    @Test
    void run_with_a_resnet18_checkpoint_for_resnet50_says_so_in_one_error(@TempDir Path tmp) {
        Path pth = CACHE.resolve("resnet18/model.pth");
        Assumptions.assumeTrue(Files.isRegularFile(pth), "needs the generated resnet18 case");
        CliRunner r = CliRunner.run("run", "resnet50", "--weights", pth.toString(), "--input",
                CACHE.resolve("resnet18/input.npy").toString(), "--output", tmp.resolve("y.npy").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("model.pth").contains("look like resnet18, not resnet50")
                .doesNotContain("at workbench.");
        assertThat(tmp.resolve("y.npy")).doesNotExist();
    }

    @Test
    void a_truncated_checkpoint_and_a_wrong_input_are_named_errors(@TempDir Path tmp) throws IOException {
        Path input = tmp.resolve("x4.npy");
        NpyWriter.write(input, Tensor.zeros(1, 4, 64, 64));
        Path pth = tmp.resolve("cut.pth");
        Files.write(pth, Arrays.copyOf("PK\u0003\u0004 not really a zip".getBytes(), 40));
        CliRunner bad = CliRunner.run("run", "resnet18", "--weights", pth.toString(), "--input", input.toString(),
                "--output", tmp.resolve("y.npy").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: ").contains("cut.pth").doesNotContain("at workbench.");
        assertThat(bad.err().lines().count()).isLessThanOrEqualTo(3);
    }

    @Test
    void a_wrong_channel_count_and_a_damaged_npy_name_the_input_file(@TempDir Path tmp) throws IOException {
        Path pth = CACHE.resolve("resnet18/model.pth");
        Assumptions.assumeTrue(Files.isRegularFile(pth), "needs the generated resnet18 case");
        Path x4 = tmp.resolve("x4.npy");
        NpyWriter.write(x4, Tensor.zeros(1, 4, 64, 64));
        CliRunner r = CliRunner.run("run", "resnet18", "--weights", pth.toString(), "--input", x4.toString(),
                "--output", tmp.resolve("y.npy").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("x4.npy").contains("(N, 3, H, W)").contains("(1, 4, 64, 64)").contains("HINT");

        Path cut = tmp.resolve("cut.npy");
        byte[] whole = Files.readAllBytes(CACHE.resolve("resnet18/input.npy"));
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
        CliRunner r2 = CliRunner.run("run", "resnet18", "--weights", pth.toString(), "--input", cut.toString(),
                "--output", tmp.resolve("y.npy").toString());
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(r2.err()).startsWith("error: ").contains("cut.npy").doesNotContain("at workbench.");
        assertThat(tmp.resolve("y.npy")).doesNotExist();
    }

    @Test
    void unknown_models_and_options_are_rejected() {
        CliRunner r = CliRunner.run("run", "resnet51", "--weights", "w.pth", "--input", "x.npy", "--output", "y.npy");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unknown model 'resnet51'").contains("resnet50");
        assertThat(CliRunner.run("table", "--bogus").exit()).isEqualTo(2);
    }
}
