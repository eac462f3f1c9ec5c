/*
 * ./workbench run vggish end to end: the examples it writes equal the official front end's, the
 * embeddings and post-processed bytes have the right shapes and types, the 0-example file runs,
 * the smoke test says what it checked, and bad input is named.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.DType;
import workbench.io.NpyArray;
import workbench.io.NpyReader;
import workbench.tensor.Tensor;

class VggishRunTest {
    static final Path DATA = Path.of("../golden-tests/data/vggish");

    @Test
    void run_on_the_44k1_stereo_wav_writes_the_official_examples_the_embeddings_and_the_bytes(@TempDir Path tmp) {
        Path examples = tmp.resolve("x.npy"), emb = tmp.resolve("emb.npy");
        CliRunner r = CliRunner.run("run", "vggish", "--input", DATA.resolve("frontend_44k1_stereo_3s1/input.wav").toString(),
                "--examples-out", examples.toString(), "--output", emb.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("44100 Hz, 2 channels").contains("examples (3, 96, 64)").contains("SEEDED");
        Tensor got = NpyReader.readTensor(examples), ref = NpyReader.readTensor(DATA.resolve("frontend_44k1_stereo_3s1/examples.npy"));
        assertThat(got.shape()).containsExactly(3, 96, 64);
        assertThat(got.maxAbsDiff(ref)).as("examples vs the official front end").isLessThan(1e-5f);
        assertThat(NpyReader.readTensor(emb).shape()).containsExactly(3, 128);
        NpyArray bytes = NpyReader.read(tmp.resolve("emb.postprocessed.npy"));
        assertThat(bytes.dtype()).isEqualTo(DType.UINT8);
        assertThat(bytes.shape()).containsExactly(3, 128);
    }

    @Test
    void csv_output_has_one_line_per_example(@TempDir Path tmp) throws IOException {
        Path emb = tmp.resolve("emb.csv");
        CliRunner r = CliRunner.run("run", "vggish", "--impl", "naive", "--input",
                DATA.resolve("frontend_16k_mono_2s0/input.wav").toString(), "--output", emb.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(Files.readAllLines(emb)).hasSize(2).allSatisfy(l -> assertThat(l.split(",")).hasSize(128));
        assertThat(Files.readAllLines(tmp.resolve("emb.postprocessed.csv"))).hasSize(2)
                .allSatisfy(l -> assertThat(l).matches("\\d{1,3}(,\\d{1,3}){127}"));
    }

    @Test
    void a_wav_shorter_than_one_example_gives_zero_examples_and_says_why(@TempDir Path tmp) {
        Path emb = tmp.resolve("emb.npy");
        CliRunner r = CliRunner.run("run", "vggish", "--input", DATA.resolve("frontend_22k05_mono_0s5/input.wav").toString(),
                "--output", emb.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("0 examples").contains("48 frames");
        assertThat(NpyReader.readTensor(emb).shape()).containsExactly(0, 128);
    }

    @Test
    void the_smoke_test_without_weights_passes_and_says_the_statistics_were_not_checked() {
        CliRunner r = CliRunner.run("run", "vggish", "--smoke-test");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("SEEDED").contains("Statistics NOT checked").contains("(3, 96, 64)");
    }

    @Test
    void a_file_that_is_not_audio_is_named_with_a_hint(@TempDir Path tmp) throws IOException {
        Path bad = Files.writeString(tmp.resolve("song.mp3"), "ID3 not really");
        CliRunner r = CliRunner.run("run", "vggish", "--input", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("song.mp3").contains("HINT").doesNotContain("at workbench.");
    }

    @Test
    void a_pca_file_of_the_wrong_shape_and_weights_of_another_network_are_named() {
        String wav = DATA.resolve("frontend_16k_mono_2s0/input.wav").toString();
        CliRunner pca = CliRunner.run("run", "vggish", "--input", wav, "--pca", DATA.resolve("network_tiny/tf_variables.npz").toString());
        assertThat(pca.exit()).isEqualTo(1);
        assertThat(pca.err()).contains("tf_variables.npz").contains("pca_eigen_vectors");
        // the tiny golden network has narrow layers: its state_dict does not fit the official widths
        CliRunner w = CliRunner.run("run", "vggish", "--input", wav, "--weights", DATA.resolve("network_tiny/model.pth").toString());
        assertThat(w.exit()).isEqualTo(1);
        assertThat(w.err()).contains("model.pth").contains("does not fit vggish").contains("features.0.weight");
    }

    /** With the full-width network golden generated: run on the 16 kHz WAV reproduces torch's embedding from either weight file. */
    @Test
    void run_with_full_width_weights_reproduces_the_torch_embedding_from_pth_and_from_tf_npz(@TempDir Path tmp) {
        Path full = Path.of("../golden-tests/cache/vggish/network_full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full.resolve("model.pth")),
                "SKIPPED: " + full + " missing; make it with /usr/bin/python3 golden-tests/generate/vggish.py --set full --out golden-tests/cache/vggish");
        Tensor ref = NpyReader.readTensor(full.resolve("output.npy"));                 // (1, 128): example 0 of this WAV
        for (String weights : new String[] {"model.pth", "tf_variables.npz"}) {
            Path emb = tmp.resolve(weights + ".emb.npy");
            CliRunner r = CliRunner.run("run", "vggish", "--input", DATA.resolve("frontend_16k_mono_2s0/input.wav").toString(),
                    "--weights", full.resolve(weights).toString(), "--output", emb.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("no --pca").doesNotContain("no --weights");
            Tensor got = NpyReader.readTensor(emb);
            assertThat(got.shape()).containsExactly(2, 128);
            float scale = Math.max(1f, ref.maxAbs());
            assertThat(got.batchItem(0).reshape(1, 128).maxAbsDiff(ref)).as(weights).isLessThan(1e-4f * scale);
        }
    }

    @Test
    void other_models_still_require_weights_and_input() {
        CliRunner r = CliRunner.run("run", "resnet18", "--output", "y.npy");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--weights");
    }
}
