/*
 * ./workbench run ssd300 end to end: bad input is refused with the file named, and - when the whole-model golden
 * case exists (golden-tests/generate/ssd.py --set full) - the torchvision-made checkpoint runs on the case's image
 * and --heads-out writes the head outputs and anchors torchvision computed, within the golden tolerance.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    @Test
    void a_checkpoint_for_21_classes_run_as_91_names_the_head_and_its_shapes() {
        Path pth = CASE.resolve("model.pth");
        Assumptions.assumeTrue(Files.isRegularFile(pth), "needs the generated ssd300_vgg16_c21 case (golden-tests/generate/ssd.py --set full)");
        CliRunner r = CliRunner.run("run", "ssd300", "--weights", pth.toString(), "--input", CASE.resolve("image.npy").toString(),
                "--num-classes", "91");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("classification head was built for 21 classes, the model for 91")
                .contains("head.classification_head.module_list.0.weight: model expects (364, 512, 3, 3), file has (84, 512, 3, 3)")
                .contains("--num-classes 21");
    }

    @Test
    void ssd300_on_an_odd_sized_png_reports_torchvisions_detections_in_the_images_pixels() throws Exception {
        Path pth = CASE.resolve("model.pth"), image = CASE.resolve("image_241x319.png");
        Assumptions.assumeTrue(Files.isRegularFile(image), "needs the generated ssd300_vgg16_c21 case (golden-tests/generate/ssd.py --set full)");
        Path json = tmp.resolve("dets.json");
        CliRunner r = CliRunner.run("run", "ssd300", "--weights", pth.toString(), "--input", image.toString(), "--output", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("image").path("width").asInt()).isEqualTo(319);
        assertThat(root.path("image").path("height").asInt()).isEqualTo(241);
        Tensor boxes = NpyReader.readTensor(CASE.resolve("detections_241x319/boxes0.npy"));
        Tensor scores = NpyReader.readTensor(CASE.resolve("detections_241x319/scores0.npy"));
        Tensor labels = NpyReader.readTensor(CASE.resolve("detections_241x319/labels0.npy"));
        JsonNode dets = root.path("detections");
        assertThat(dets.size()).isEqualTo(scores.numel());
        // the reference is sorted by (label, -score): sort the JSON rows the same way and compare row by row
        List<JsonNode> rows = new ArrayList<>();
        dets.forEach(rows::add);
        rows.sort(Comparator.<JsonNode>comparingInt(d -> d.path("label").asInt()).thenComparing(d -> -d.path("score").asDouble()));
        double bound = ATOL_SCALED * Math.max(1, boxes.maxAbs());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode d = rows.get(i);
            assertThat(d.path("label").asInt()).as("label of row %d", i).isEqualTo((int) labels.data()[i]);
            assertThat(d.path("score").asDouble()).as("score of row %d", i).isCloseTo(scores.data()[i], within(ATOL_SCALED));
            for (int c = 0; c < 4; c++) assertThat(d.path("box").get(c).asDouble()).as("box of row %d", i).isCloseTo(boxes.get(i, c), within(bound));
        }
    }
}
