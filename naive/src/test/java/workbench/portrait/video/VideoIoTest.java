/*
 * Video in and out through ffmpeg (Sec. 5.1): a lossless FFV1 round trip returns every byte, H.264 stays
 * within codec distance, ffprobe's numbers are read, and every failure names the file and leaves no
 * output behind: a missing file, a file that is not a video, an audio-only file, a writer that is closed
 * before finish(), ffmpeg that is not installed.
 * Needs ffmpeg: skipped when it is missing, unless WB_REQUIRE_FULL_GOLDEN=1 (./workbench test), where it fails.
 */
package workbench.portrait.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.portrait.image.Image8;

class VideoIoTest {
    @BeforeEach
    void requireFfmpeg() {
        if (Ffmpeg.available()) return;
        String why = "ffmpeg/ffprobe not found on PATH; install with: sudo apt-get install ffmpeg (./workbench test does as root)";
        if ("1".equals(System.getenv("WB_REQUIRE_FULL_GOLDEN"))) throw new AssertionError(why + " - required here (WB_REQUIRE_FULL_GOLDEN=1)");
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** Smooth colour ramps plus a little seeded noise: something a codec must work for. */
    static List<Image8> frames(int n, int w, int h, int channels, long seed) {
        Random rnd = new Random(seed);
        List<Image8> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Image8 f = new Image8(w, h, channels);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < channels; c++) {
                        int v = (x * 3 + y * 2 + t * 7 + c * 60) % 200 + rnd.nextInt(8);
                        f.set(x, y, c, v);
                    }
                }
            }
            out.add(f);
        }
        return out;
    }

    static void write(Path p, List<Image8> frames) {
        Image8 f0 = frames.get(0);
        try (VideoWriter w = VideoWriter.create(p, f0.width(), f0.height(), f0.channels(), "25/1")) {
            for (Image8 f : frames) w.write(f);
            w.finish();
        }
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void ffv1_round_trip_returns_every_byte_in_colour_and_grey(@TempDir Path tmp) {
        List<Image8> rgb = frames(5, 34, 22, 3, 1), grey = frames(4, 33, 21, 1, 2);
        write(tmp.resolve("c.mkv"), rgb);
        write(tmp.resolve("g.mkv"), grey);
        assertThat(VideoReader.readAll(tmp.resolve("c.mkv"), 3)).containsExactlyElementsOf(rgb);
        assertThat(VideoReader.readAll(tmp.resolve("g.mkv"), 1)).containsExactlyElementsOf(grey);
        VideoInfo info = VideoInfo.probe(tmp.resolve("g.mkv"));
        assertThat(info.width()).isEqualTo(33);
        assertThat(info.height()).isEqualTo(21);
        assertThat(info.frameCount()).isEqualTo(4);
        assertThat(info.fps()).isEqualTo(25.0);
        assertThat(info.codec()).isEqualTo("ffv1");
    }

    @Test
    void h264_mp4_stays_within_codec_distance(@TempDir Path tmp) {
        List<Image8> rgb = frames(6, 64, 48, 3, 3);
        write(tmp.resolve("c.mp4"), rgb);
        List<Image8> back = VideoReader.readAll(tmp.resolve("c.mp4"), 3);
        assertThat(back).hasSize(6);
        assertThat(VideoInfo.probe(tmp.resolve("c.mp4")).codec()).isEqualTo("h264");
        double sum = 0;
        long n = 0;
        for (int t = 0; t < back.size(); t++) {
            byte[] a = rgb.get(t).data(), b = back.get(t).data();
            for (int i = 0; i < a.length; i++, n++) sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        // yuv420p halves the chroma resolution and CRF 18 quantises: a few levels on average, not zero
        assertThat(sum / n).as("mean |d| after H.264 (CRF 18, yuv420p)").isBetween(0.1, 8.0);
    }

    @Test
    void reading_stops_early_and_close_ends_ffmpeg(@TempDir Path tmp) {
        write(tmp.resolve("c.mkv"), frames(6, 16, 16, 3, 4));
        try (VideoReader r = VideoReader.open(tmp.resolve("c.mkv"), 3)) {
            assertThat(r.read()).isNotNull();
            assertThat(r.framesRead()).isEqualTo(1);
        }
    }

    @Test
    void a_writer_closed_before_finish_leaves_no_file(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.mkv");
        try (VideoWriter w = VideoWriter.create(out, 16, 16, 3, "25/1")) {
            w.write(frames(1, 16, 16, 3, 5).get(0));
            // an error on the way: no finish()
        }
        assertThat(listing(tmp)).isEmpty();
    }

    @Test
    void a_wrong_frame_size_is_named_and_nothing_is_left(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.mp4");
        try (VideoWriter w = VideoWriter.create(out, 16, 16, 3, "25/1")) {
            w.write(frames(1, 16, 16, 3, 6).get(0));
            assertThatThrownBy(() -> w.write(new Image8(18, 16, 3))).hasMessageContaining("frame 1 is 18x16 (RGB), the video is 16x16");
        }
        assertThat(listing(tmp)).isEmpty();
    }

    @Test
    void h264_with_an_odd_size_is_refused_with_a_hint(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> VideoWriter.create(tmp.resolve("o.mp4"), 33, 20, 3, "25/1"))
                .hasMessageContaining("needs an even width and height").hasMessageContaining("write .mkv");
        assertThatThrownBy(() -> VideoWriter.create(tmp.resolve("o.avi"), 32, 20, 3, "25/1")).hasMessageContaining(".mp4 (H.264) or .mkv");
        assertThat(listing(tmp)).isEmpty();
    }

    @Test
    void missing_files_non_videos_and_audio_only_files_are_named(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> VideoInfo.probe(tmp.resolve("nope.mp4"))).hasMessageContaining("nope.mp4: no such file");
        Path junk = Files.writeString(tmp.resolve("junk.mp4"), "not a video");
        assertThatThrownBy(() -> VideoReader.open(junk, 3)).hasMessageContaining("junk.mp4: ffprobe cannot read this file as a video");
        Path wav = tmp.resolve("a.wav");
        Ffmpeg.Result r = Ffmpeg.run(List.of(Ffmpeg.ffmpeg().orElseThrow().toString(), "-v", "error", "-f", "lavfi", "-i",
                "anullsrc=r=8000:cl=mono", "-t", "0.2", wav.toString()), null, 60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThatThrownBy(() -> VideoInfo.probe(wav)).hasMessageContaining("a.wav: has no video stream");
        // a video written without a single frame: ffmpeg makes the file, ffprobe lists no stream in it
        Path zero = tmp.resolve("zero.mp4");
        r = Ffmpeg.run(List.of(Ffmpeg.ffmpeg().orElseThrow().toString(), "-v", "error", "-f", "lavfi", "-i", "testsrc=s=32x32",
                "-frames:v", "0", "-c:v", "libx264", "-pix_fmt", "yuv420p", zero.toString()), null, 60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThatThrownBy(() -> VideoReader.readAll(zero, 3)).hasMessageContaining("zero.mp4: has no video stream")
                .hasMessageContaining("without a single frame");
    }

    @Test
    void a_missing_ffmpeg_says_how_to_install_it(@TempDir Path tmp) {
        Map<String, String> saved = Ffmpeg.environment;
        try {
            Ffmpeg.environment = Map.of("PATH", tmp.toString());
            assertThat(Ffmpeg.available()).isFalse();
            assertThatThrownBy(() -> VideoWriter.create(tmp.resolve("o.mkv"), 8, 8, 3, "25/1"))
                    .hasMessageContaining("ffmpeg is not installed").hasMessageContaining("apt-get install ffmpeg");
        } finally {
            Ffmpeg.environment = saved;
        }
    }
}
