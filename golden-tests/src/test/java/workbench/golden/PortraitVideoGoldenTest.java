/*
 * Chapter 04, part 5 (video) against ffmpeg, OpenCV and numpy (golden-tests/generate/portrait_clip.py):
 *   - the synthetic lavfi clip made again with ffmpeg from the manifest's own commands decodes, through our
 *     VideoReader, to exactly the frames OpenCV decoded when the case was made (and ffprobe's size, rate and count);
 *   - the temporal smoothers and metrics on the seeded noisy clip equal numpy's: per-frame IoU, dtSSD,
 *     naive flicker and the last smoothed matte;
 *   - the lesson of Sec. 5.3: EMA beta = 0.8 lowers the naive flicker below the ground truth's own while IoU drops.
 * Smoothing is plain float arithmetic with no Kernels, so there is one implementation, not two twins.
 * Tests that need ffmpeg skip when it is missing, unless WB_REQUIRE_FULL_GOLDEN=1 (./workbench test), where they fail.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.NpyReader;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.temporal.EmaSmoother;
import workbench.portrait.temporal.GatedEmaSmoother;
import workbench.portrait.temporal.HysteresisSmoother;
import workbench.portrait.temporal.MaskSmoother;
import workbench.portrait.temporal.TemporalMetrics;
import workbench.portrait.video.Ffmpeg;
import workbench.portrait.video.VideoInfo;
import workbench.portrait.video.VideoReader;
import workbench.tensor.Tensor;

class PortraitVideoGoldenTest {
    static final Path CLIP = Path.of("data/portrait_video/clip_lavfi_128x96");
    static final Path NOISY = Path.of("data/portrait_video/temporal_noisy_64x48");

    static void requireFfmpeg() {
        if (Ffmpeg.available()) return;
        String why = "ffmpeg/ffprobe not found on PATH; install with: sudo apt-get install ffmpeg (./workbench test does as root)";
        if ("1".equals(System.getenv("WB_REQUIRE_FULL_GOLDEN"))) throw new AssertionError(why + " - required here (WB_REQUIRE_FULL_GOLDEN=1)");
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** Runs the manifest's ffmpeg commands in {@code dir}; returns the outputs by role (clip, mask, background). */
    static Map<String, Path> makeClips(Path caseDir, Path dir) throws IOException {
        JsonNode args = new ObjectMapper().readTree(caseDir.resolve("manifest.json").toFile()).path("provenance").path("arguments");
        for (JsonNode cmd : args.path("commands")) {
            List<String> argv = new ArrayList<>();
            for (JsonNode a : cmd) argv.add(a.asText());
            argv.set(0, Ffmpeg.ffmpeg().orElseThrow().toString());
            Ffmpeg.Result r = Ffmpeg.run(argv, dir, 120);
            assertThat(r.exitCode()).as("ffmpeg " + String.join(" ", argv) + "\n" + r.stderr()).isZero();
        }
        Map<String, Path> out = new LinkedHashMap<>();
        args.path("outputs").fields().forEachRemaining(e -> out.put(e.getKey(), dir.resolve(e.getValue().asText())));
        return out;
    }

    /** Frame t of a (T, H, W[, C]) uint8 .npy as an Image8. */
    static Image8 frame(Tensor t, int index) {
        int h = t.dim(1), w = t.dim(2), c = t.rank() == 4 ? t.dim(3) : 1;
        byte[] d = new byte[h * w * c];
        float[] src = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (byte) (int) src[index * d.length + i];
        return new Image8(w, h, c, d);
    }

    @Test
    void the_lavfi_clip_made_again_decodes_to_exactly_the_frames_opencv_decoded(@TempDir Path tmp) throws IOException {
        requireFfmpeg();
        Map<String, Path> files = makeClips(CLIP, tmp);
        Tensor frames = NpyReader.readTensor(CLIP.resolve("frames.npy")), mask = NpyReader.readTensor(CLIP.resolve("mask.npy"));
        VideoInfo info = VideoInfo.probe(files.get("clip"));
        assertThat(info.width()).isEqualTo(128);
        assertThat(info.height()).isEqualTo(96);
        assertThat(info.frameRate()).isEqualTo("25/1");
        assertThat(info.frameCount()).isEqualTo(8);
        List<Image8> rgb = VideoReader.readAll(files.get("clip"), 3), gray = VideoReader.readAll(files.get("mask"), 1);
        // lavfi's drawings may change between ffmpeg releases: a mismatch names both versions
        String made = new ObjectMapper().readTree(CLIP.resolve("manifest.json").toFile()).path("provenance").path("environment")
                .path("ffmpeg").asText();
        String here = Ffmpeg.run(List.of(Ffmpeg.ffmpeg().orElseThrow().toString(), "-version"), null, 30).stdout().lines().findFirst().orElse("?");
        String versions = " (case made with " + made + "; here " + here + ")";
        assertThat(rgb).hasSize(frames.dim(0));
        assertThat(gray).hasSize(mask.dim(0));
        for (int t = 0; t < rgb.size(); t++) {
            assertThat(rgb.get(t)).as("clip frame " + t + " (RGB) vs cv2.VideoCapture" + versions).isEqualTo(frame(frames, t));
            assertThat(gray.get(t)).as("mask frame " + t + " vs cv2.VideoCapture" + versions).isEqualTo(frame(mask, t));
        }
        assertThat(VideoReader.readAll(files.get("background"), 3)).hasSize(8).allSatisfy(f -> assertThat(f.width()).isEqualTo(128));
    }

    /** Sec. 5.1: outside the mask the composite is testsrc2 itself, inside it differs in every pixel. */
    @Test
    void outside_the_mask_the_clip_is_plain_testsrc2(@TempDir Path tmp) {
        requireFfmpeg();
        Path plain = tmp.resolve("plain.mkv");
        Ffmpeg.Result r = Ffmpeg.run(List.of(Ffmpeg.ffmpeg().orElseThrow().toString(), "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=128x96:r=25",
                "-frames:v", "8", "-pix_fmt", "bgr0", "-c:v", "ffv1", plain.toString()), null, 60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Tensor frames = NpyReader.readTensor(CLIP.resolve("frames.npy")), mask = NpyReader.readTensor(CLIP.resolve("mask.npy"));
        List<Image8> bg = VideoReader.readAll(plain, 3);
        for (int t = 0; t < bg.size(); t++) {
            byte[] clip = frame(frames, t).data(), m = frame(mask, t).data(), b = bg.get(t).data();
            int outsideDiffer = 0, insideSame = 0;
            for (int i = 0; i < m.length; i++) {
                boolean same = clip[3 * i] == b[3 * i] && clip[3 * i + 1] == b[3 * i + 1] && clip[3 * i + 2] == b[3 * i + 2];
                if (m[i] == 0 && !same) outsideDiffer++;
                if (m[i] != 0 && same) insideSame++;
            }
            assertThat(outsideDiffer).as("frame " + t + ": pixels outside the mask that are not testsrc2's").isZero();
            assertThat(insideSame).as("frame " + t + ": pixels inside the mask equal to testsrc2's").isZero();
        }
    }

    @Test
    void the_committed_mask_is_binary_and_its_naive_flicker_is_the_manifests() throws IOException {
        JsonNode checks = new ObjectMapper().readTree(CLIP.resolve("manifest.json").toFile()).path("checks");
        Tensor mask = NpyReader.readTensor(CLIP.resolve("mask.npy"));
        TemporalMetrics m = new TemporalMetrics();
        for (int t = 0; t < mask.dim(0); t++) {
            Image8 f = frame(mask, t);
            long on = 0;
            for (byte b : f.data()) {
                assertThat(b == 0 || b == (byte) 255).as("mask values are 0 or 255").isTrue();
                if (b != 0) on++;
            }
            assertThat(on).as("person pixels in frame " + t).isEqualTo(checks.path("mask_pixels_per_frame").get(t).asLong());
            m.add(Matte.fromMask(f), Matte.fromMask(f));
        }
        assertThat(m.naiveFlicker()).isCloseTo(checks.path("truth_naive_flicker").asDouble(), within(1e-12));
        assertThat(m.dtssd()).isZero();
        assertThat(m.meanIou()).isEqualTo(1.0);
    }

    static MaskSmoother smoother(String method, JsonNode a) {
        if (method.equals("raw")) return MaskSmoother.NONE;
        if (method.startsWith("ema")) return new EmaSmoother((float) a.path("beta").asDouble());
        if (method.startsWith("gated")) return new GatedEmaSmoother((float) a.path("beta").asDouble(), (float) a.path("gate").asDouble());
        return new HysteresisSmoother((float) a.path("low").asDouble(), (float) a.path("high").asDouble());
    }

    /** Runs every smoother of the manifest on the noisy clip; returns the metrics by method. */
    static Map<String, TemporalMetrics> runSmoothers(JsonNode expected) {
        Tensor probs = NpyReader.readTensor(NOISY.resolve("probs.npy")), truth = NpyReader.readTensor(NOISY.resolve("truth.npy"));
        Map<String, TemporalMetrics> out = new LinkedHashMap<>();
        for (var it = expected.fields(); it.hasNext(); ) {
            var e = it.next();
            MaskSmoother s = e.getKey().equals("truth") ? null : smoother(e.getKey(), e.getValue().path("arguments"));
            TemporalMetrics m = new TemporalMetrics();
            Matte last = null;
            for (int t = 0; t < truth.dim(0); t++) {
                Matte g = Matte.fromMask(frame(truth, t));
                last = s == null ? g : s.next(Matte.fromMask(frame(probs, t)));
                m.add(last, g);
            }
            out.put(e.getKey(), m);
            if (s != null) {
                Tensor ref = NpyReader.readTensor(NOISY.resolve(e.getKey() + "/last.npy"));
                assertThat(last.alpha()).as(e.getKey() + ": last smoothed matte vs numpy (float32, same order)").containsExactly(ref.data());
            }
        }
        return out;
    }

    @Test
    void smoothers_and_metrics_equal_numpys_on_the_seeded_noisy_clip() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(NOISY.resolve("manifest.json").toFile()).path("checks").path("metrics");
        Map<String, TemporalMetrics> got = runSmoothers(expected);
        assertThat(got.keySet()).contains("raw", "ema_0.5", "ema_0.8", "gated_ema_0.8_0.3", "hysteresis_0.35_0.65");
        for (var e : got.entrySet()) {
            JsonNode ref = expected.path(e.getKey());
            TemporalMetrics m = e.getValue();
            System.out.printf("[golden portrait_video] %-22s %s%n", e.getKey(), m.summary());
            if (!e.getKey().equals("truth")) {
                Tensor iou = NpyReader.readTensor(NOISY.resolve(e.getKey() + "/iou.npy"));
                float[] ours = new float[m.frames()];
                for (int t = 0; t < ours.length; t++) ours[t] = (float) (double) m.iouPerFrame().get(t);
                assertThat(ours).as(e.getKey() + ": IoU per frame").containsExactly(iou.data());
            }
            assertThat(m.meanIou()).as(e.getKey() + ": mean IoU").isCloseTo(ref.path("mean_iou").asDouble(), within(1e-12));
            assertThat(m.dtssd()).as(e.getKey() + ": dtSSD").isCloseTo(ref.path("dtssd").asDouble(), within(1e-6));
            assertThat(m.naiveFlicker()).as(e.getKey() + ": naive flicker").isCloseTo(ref.path("naive_flicker").asDouble(), within(1e-9));
        }
    }

    /** Sec. 5.3: the naive flicker metric rewards lag; dtSSD and IoU do not. */
    @Test
    void ema_0_8_lowers_naive_flicker_below_the_truths_while_iou_drops() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(NOISY.resolve("manifest.json").toFile()).path("checks").path("metrics");
        Map<String, TemporalMetrics> m = runSmoothers(expected);
        TemporalMetrics truth = m.get("truth"), raw = m.get("raw"), ema8 = m.get("ema_0.8");
        assertThat(ema8.naiveFlicker()).as("EMA 0.8 flicker vs the truth's own").isLessThan(truth.naiveFlicker());
        assertThat(raw.naiveFlicker()).as("raw flicker vs the truth's").isGreaterThan(truth.naiveFlicker());
        assertThat(ema8.meanIou()).as("EMA 0.8 IoU vs raw").isLessThan(raw.meanIou() - 0.2);
        assertThat(ema8.dtssd()).as("dtSSD does not reward the lag as flicker does").isGreaterThan(m.get("ema_0.5").dtssd());
    }
}
