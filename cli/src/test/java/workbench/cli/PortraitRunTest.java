/*
 * ./workbench run portrait end to end (lesson Sec. 5.4). Done-when: on the synthetic lavfi clip with its
 * exact mask as --mask and P0 onto the gradients background, every pixel of the lossless output is the
 * clip's where the mask is on and the background's where it is off, and IoU / dtSSD are reported.
 * Also: a still background of another size is resized and the run says so; seeded weights say so; bad
 * input is named and leaves no output file behind.
 * Needs ffmpeg: skipped when it is missing, unless WB_REQUIRE_FULL_GOLDEN=1 (./workbench test), where it fails.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.portrait.image.Image8;
import workbench.portrait.image.ImageFiles;
import workbench.portrait.video.Ffmpeg;
import workbench.portrait.video.VideoReader;

class PortraitRunTest {
    static final Path CLIP = Path.of("../golden-tests/data/portrait_video/clip_lavfi_128x96");

    @BeforeEach
    void requireFfmpeg() {
        if (Ffmpeg.available()) return;
        String why = "ffmpeg/ffprobe not found on PATH; install with: sudo apt-get install ffmpeg (./workbench test does as root)";
        if ("1".equals(System.getenv("WB_REQUIRE_FULL_GOLDEN"))) throw new AssertionError(why + " - required here (WB_REQUIRE_FULL_GOLDEN=1)");
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** clip.mkv, mask.mkv and background.mkv made by the manifest's own ffmpeg commands. */
    static void makeClip(Path dir) throws IOException {
        JsonNode args = new ObjectMapper().readTree(CLIP.resolve("manifest.json").toFile()).path("provenance").path("arguments");
        for (JsonNode cmd : args.path("commands")) {
            List<String> argv = new ArrayList<>();
            for (JsonNode a : cmd) argv.add(a.asText());
            argv.set(0, Ffmpeg.ffmpeg().orElseThrow().toString());
            Ffmpeg.Result r = Ffmpeg.run(argv, dir, 120);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void ground_truth_mask_and_p0_give_the_exact_composite_and_perfect_scores(@TempDir Path tmp) throws IOException {
        makeClip(tmp);
        Path out = tmp.resolve("out.mkv"), frames = tmp.resolve("frames");
        CliRunner r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--mask", tmp.resolve("mask.mkv").toString(),
                "--background", tmp.resolve("background.mkv").toString(), "--blend", "p0", "--out", out.toString(),
                "--frames-out", frames.toString(), "--truth", tmp.resolve("mask.mkv").toString(), "--impl", "naive");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("8 frame(s)").contains("IoU 1.0000  dtSSD 0.000").contains("edge correction: off")
                .doesNotContain("SEEDED");
        assertThat(r.err()).contains("portrait: frame 1/8");
        List<Image8> got = VideoReader.readAll(out, 3), clip = VideoReader.readAll(tmp.resolve("clip.mkv"), 3);
        List<Image8> mask = VideoReader.readAll(tmp.resolve("mask.mkv"), 1), bg = VideoReader.readAll(tmp.resolve("background.mkv"), 3);
        assertThat(got).hasSize(8);
        long person = 0;
        for (int t = 0; t < got.size(); t++) {
            byte[] o = got.get(t).data(), c = clip.get(t).data(), b = bg.get(t).data(), m = mask.get(t).data();
            for (int i = 0; i < m.length; i++) {
                boolean on = (m[i] & 0xff) == 255;
                if (on) person++;
                for (int k = 0; k < 3; k++) {
                    int want = (on ? c : b)[3 * i + k] & 0xff;
                    if ((o[3 * i + k] & 0xff) != want) {
                        throw new AssertionError("frame " + t + " pixel " + i + " channel " + k + ": " + (o[3 * i + k] & 0xff) + " != "
                                + (on ? "clip " : "background ") + want);
                    }
                }
            }
            assertThat(ImageFiles.readRgb(frames.resolve(String.format("frame_%05d.png", t)))).isEqualTo(got.get(t));
        }
        assertThat(person).as("person pixels over the clip").isEqualTo(8 * 1462);
        assertThat(listing(tmp)).containsExactlyInAnyOrder("background.mkv", "clip.mkv", "frames", "mask.mkv", "out.mkv");
    }

    @Test
    void an_h264_output_stays_within_codec_distance_and_a_strong_ema_lowers_iou(@TempDir Path tmp) throws IOException {
        makeClip(tmp);
        Path out = tmp.resolve("out.mp4");
        CliRunner r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--mask", tmp.resolve("mask.mkv").toString(),
                "--background", tmp.resolve("background.mkv").toString(), "--blend", "p1", "--smooth", "ema:0.8", "--out", out.toString(),
                "--truth", tmp.resolve("mask.mkv").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("smoothing: ema:0.8").containsPattern("IoU 0\\.[0-9]{4}");
        List<Image8> got = VideoReader.readAll(out, 3);
        assertThat(got).hasSize(8).allSatisfy(f -> assertThat(f.width()).isEqualTo(128));
    }

    @Test
    void a_still_background_of_another_size_is_resized_and_said_so(@TempDir Path tmp) throws IOException {
        makeClip(tmp);
        Image8 bg = new Image8(50, 30, 3);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 50; x++) bg.set(x, y, 1, 4 * x);
        ImageFiles.writePng(bg, tmp.resolve("bg.png"));
        Path out = tmp.resolve("out.mkv");
        CliRunner r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--mask", tmp.resolve("mask.mkv").toString(),
                "--background", tmp.resolve("bg.png").toString(), "--blend", "p0", "--frames", "2", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("background 50x30 resized (bilinear, stretched) to the frame's 128x96").contains("2 frame(s)");
        assertThat(VideoReader.readAll(out, 3)).hasSize(2);
    }

    @Test
    void a_picture_with_seeded_weights_runs_and_says_seeded(@TempDir Path tmp) throws IOException {
        makeClip(tmp);
        Image8 frame = VideoReader.readAll(tmp.resolve("clip.mkv"), 3).get(0);
        ImageFiles.writePng(frame, tmp.resolve("in.png"));
        ImageFiles.writePng(new Image8(128, 96, 3), tmp.resolve("bg.png"));
        CliRunner r = CliRunner.run("run", "portrait", "--image", tmp.resolve("in.png").toString(), "--background",
                tmp.resolve("bg.png").toString(), "--out", tmp.resolve("out.png").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("SEEDED weights").contains("edge correction: on");
        assertThat(ImageFiles.readRgb(tmp.resolve("out.png")).width()).isEqualTo(128);
    }

    @Test
    void a_checkpoint_is_recognised_and_a_classifier_file_is_refused(@TempDir Path tmp) {
        Image8 frame = new Image8(40, 30, 3);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) frame.set(x, y, 0, 6 * x);
        ImageFiles.writePng(frame, tmp.resolve("in.png"));
        ImageFiles.writePng(new Image8(40, 30, 3), tmp.resolve("bg.png"));
        Path ckpt = Path.of("../golden-tests/data/portrait/ckpt_deeplabv3_torchvision_tiny/model.pth");
        CliRunner r = CliRunner.run("run", "portrait", "--image", tmp.resolve("in.png").toString(), "--background", tmp.resolve("bg.png").toString(),
                "--weights", ckpt.toString(), "--out", tmp.resolve("out.png").toString(), "--impl", "naive");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("torchvision DeepLabV3 on resnet(layers=[1, 2, 2, 1]").contains("output stride 8").contains("person = class 15")
                .doesNotContain("SEEDED");
        Path notDeepLab = Path.of("../golden-tests/data/portrait/ckpt_deeplabv3plus_vainf_tiny/input.npy");
        r = CliRunner.run("run", "portrait", "--image", tmp.resolve("in.png").toString(), "--background", tmp.resolve("bg.png").toString(),
                "--weights", notDeepLab.toString(), "--out", tmp.resolve("out2.png").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("input.npy").contains("expected a torchvision deeplabv3_resnet50/101 state_dict");
        assertThat(Files.exists(tmp.resolve("out2.png"))).isFalse();
    }

    @Test
    void bad_input_is_named_and_leaves_no_output(@TempDir Path tmp) throws IOException {
        makeClip(tmp);
        Path out = tmp.resolve("out.mkv"), frames = tmp.resolve("frames");
        // a mask of another size fails at the first frame: neither the video nor the frames appear
        Image8 m = new Image8(64, 48, 1);
        m.set(3, 3, 0, 255);
        ImageFiles.writePng(m, tmp.resolve("small_mask.png"));
        CliRunner r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--mask", tmp.resolve("small_mask.png").toString(),
                "--background", tmp.resolve("background.mkv").toString(), "--out", out.toString(), "--frames-out", frames.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("mask 0 is 64x48, the frame 128x96").doesNotContain("at workbench.");
        assertThat(Files.exists(out)).isFalse();
        assertThat(!Files.exists(frames) || listing(frames).isEmpty()).as("no frames left in " + frames).isTrue();
        assertThat(listing(tmp)).noneMatch(n -> n.startsWith(".partial") || n.equals("out.mkv"));

        // an empty mask picture and a full one are refused with a reason
        ImageFiles.writePng(new Image8(128, 96, 1), tmp.resolve("empty.png"));
        r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--mask", tmp.resolve("empty.png").toString(),
                "--background", tmp.resolve("background.mkv").toString(), "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("empty.png: the mask is empty");
        Image8 full = new Image8(128, 96, 1);
        java.util.Arrays.fill(full.data(), (byte) 255);
        ImageFiles.writePng(full, tmp.resolve("full.png"));
        r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--mask", tmp.resolve("full.png").toString(),
                "--background", tmp.resolve("background.mkv").toString(), "--out", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("full.png: the mask covers the whole picture");
        assertThat(Files.exists(out)).isFalse();

        // options that cannot work are named before any work
        r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--background", tmp.resolve("background.mkv").toString(),
                "--out", tmp.resolve("out.avi").toString());
        assertThat(r.err()).contains("must end in .mp4 (H.264) or .mkv");
        r = CliRunner.run("run", "portrait", "--video", tmp.resolve("clip.mkv").toString(), "--background", tmp.resolve("background.mkv").toString(),
                "--out", out.toString(), "--blend", "p9");
        assertThat(r.err()).contains("--blend 'p9': expected p0..p6");
        r = CliRunner.run("run", "portrait", "--video", tmp.resolve("nope.mp4").toString(), "--background", tmp.resolve("background.mkv").toString(),
                "--out", out.toString());
        assertThat(r.err()).contains("nope.mp4: no such file");
        r = CliRunner.run("run", "portrait", "--background", tmp.resolve("background.mkv").toString(), "--out", out.toString());
        assertThat(r.err()).contains("give exactly one of --video IN.mp4 or --image IN.png");
        assertThat(Files.exists(out)).isFalse();
    }
}
