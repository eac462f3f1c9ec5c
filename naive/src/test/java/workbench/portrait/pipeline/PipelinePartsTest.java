/*
 * The pipeline's plumbing (Sec. 5.4): bilinear resizing by its formula, frame folders in name order, a
 * still picture that never runs out, and sinks that show nothing until finish() and leave nothing after
 * close() without it. The whole pipeline runs end to end in the command-line tests (PortraitRunTest).
 */
package workbench.portrait.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.portrait.image.Image8;
import workbench.portrait.image.ImageFiles;
import workbench.portrait.image.Matte;

class PipelinePartsTest {
    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void bilinear_doubling_of_a_two_pixel_row_follows_the_half_pixel_formula() {
        Image8 src = new Image8(2, 1, 1, new byte[] {0, (byte) 200});
        Image8 up = Resize.bilinear(src, 4, 1);
        // src = (dst + 0.5) * 2 / 4 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        assertThat(new int[] {up.get(0, 0, 0), up.get(1, 0, 0), up.get(2, 0, 0), up.get(3, 0, 0)}).containsExactly(0, 50, 150, 200);
        assertThat(Resize.bilinear(src, 2, 1)).isSameAs(src);
    }

    @Test
    void a_folder_gives_its_pictures_in_name_order_and_a_picture_repeats(@TempDir Path tmp) {
        for (int i : new int[] {2, 0, 1}) {
            Image8 f = new Image8(3, 2, 3);
            f.set(0, 0, 0, 10 * i);
            ImageFiles.writePng(f, tmp.resolve(String.format("frame_%05d.png", i)));
        }
        try (FrameSource s = FrameSource.open(tmp, 3)) {
            assertThat(s.frameCount()).isEqualTo(3);
            assertThat(s.next().get(0, 0, 0)).isEqualTo(0);
            assertThat(s.next().get(0, 0, 0)).isEqualTo(10);
            assertThat(s.next().get(0, 0, 0)).isEqualTo(20);
            assertThat(s.next()).isNull();
        }
        try (FrameSource s = FrameSource.open(tmp.resolve("frame_00001.png"), 1)) {
            assertThat(s.still()).isTrue();
            for (int i = 0; i < 5; i++) assertThat(s.next()).isNotNull();
        }
        assertThatThrownBy(() -> FrameSource.open(tmp.resolve("none"), 3)).hasMessageContaining("none: no such file or folder");
    }

    @Test
    void a_png_folder_sink_shows_frames_only_after_finish_and_nothing_after_an_abort(@TempDir Path tmp) throws IOException {
        Path ok = tmp.resolve("ok"), bad = tmp.resolve("bad");
        try (FrameSink s = FrameSink.pngFolder(ok)) {
            s.accept(new Image8(4, 4, 3), 0);
            s.accept(new Image8(4, 4, 3), 1);
            assertThat(Files.exists(ok.resolve("frame_00000.png"))).isFalse();
            s.finish();
        }
        assertThat(count(ok)).isEqualTo(2);
        try (FrameSink s = FrameSink.pngFolder(bad)) {
            s.accept(new Image8(4, 4, 3), 0);
        }
        assertThat(count(bad)).isZero();
    }

    @Test
    void a_user_mask_of_another_size_is_named() {
        MaskSegmenter m = new MaskSegmenter(FrameSource.still(new Image8(4, 4, 1), "m.png"));
        assertThatThrownBy(() -> m.probability(new Image8(5, 4, 3), 0)).hasMessageContaining("mask 0 is 4x4, the frame 5x4");
        Matte p = m.probability(new Image8(4, 4, 3), 0);
        assertThat(p.alpha()).containsOnly(0f);
    }
}
