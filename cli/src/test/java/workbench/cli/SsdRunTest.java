/*
 * ./workbench run ssd300 end to end: bad input is refused with the file named, and - when the whole-model golden
 * case exists (golden-tests/generate/ssd.py --set full) - the torchvision-made checkpoint runs on the case's image
 * and --heads-out writes the head outputs and anchors torchvision computed, within the golden tolerance.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.NpyReader;
import workbench.io.NpyWriter;
import workbench.tensor.Tensor;

class SsdRunTest {
    static final Path CASE = Path.of("../golden-tests/cache/ssd/ssd300_vgg16_c21");
    /** The golden tolerance of the whole-model case: 1e-4 x max(1, max|ref|), float32 VGG16 reductions. */
    static final double ATOL_SCALED = 1e-4;

    @TempDir
    Path tmp;

    @Test
    void a_file_that_is_not_an_image_is_refused_before_any_checkpoint_is_read() throws Exception {
        Path notImage = tmp.resolve("notes.png");
        Files.writeString(notImage, "this is text, not pixels");
        CliRunner r = CliRunner.run("run", "ssd300", "--weights", tmp.resolve("absent.pth").toString(), "--input", notImage.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("notes.png: not an image file").contains("HINT");
    }

    @Test
    void an_npy_that_is_not_an_image_tensor_names_its_shape() throws Exception {
        Path x = tmp.resolve("x.npy");
        NpyWriter.write(x, Tensor.zeros(2, 3, 8, 8));
        CliRunner r = CliRunner.run("run", "ssd300", "--weights", tmp.resolve("absent.pth").toString(), "--input", x.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("x.npy: expected an image tensor (3, H, W) or (1, 3, H, W), got (2, 3, 8, 8)");
    }

    @Test
    void ssd300_on_a_torchvision_checkpoint_writes_torchvisions_heads_anchors_and_detections() throws Exception {
        Path pth = CASE.resolve("model.pth");
        Assumptions.assumeTrue(Files.isRegularFile(pth), "needs the generated ssd300_vgg16_c21 case (golden-tests/generate/ssd.py --set full)");
        Path heads = tmp.resolve("heads"), json = tmp.resolve("dets.json"), png = tmp.resolve("dets.png");
        CliRunner r = CliRunner.run("run", "ssd300", "--weights", pth.toString(), "--input", CASE.resolve("image.npy").toString(),
                "--output", json.toString(), "--draw", png.toString(), "--heads-out", heads.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ssd300 (21 classes)");
        for (String name : new String[] {"bbox_regression", "cls_logits", "anchors"}) {
            Tensor ref = NpyReader.readTensor(CASE.resolve(name + ".npy")), got = NpyReader.readTensor(heads.resolve(name + ".npy"));
            assertThat(got.shape()).containsExactly(ref.shape());
            assertThat((double) got.maxAbsDiff(ref)).as(name).isLessThanOrEqualTo(ATOL_SCALED * Math.max(1, ref.maxAbs()));
        }
        JsonNode dets = new ObjectMapper().readTree(json.toFile()).path("detections");
        assertThat(dets.size()).isEqualTo(NpyReader.readTensor(CASE.resolve("detections/scores0.npy")).numel());
        assertThat(Files.size(png)).isPositive();
    }
}
