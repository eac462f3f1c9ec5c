/*
 * Where the pipeline's composites go (lesson Sec. 5.4): a video file (VideoWriter), a folder of PNG frames,
 * or one PNG. Nothing appears at the destination before finish(): the video is written to a .partial- file
 * and moved, the PNG frames are collected in a .partial- folder and moved one by one at the end, a single
 * picture is written atomically. close() without finish() removes what was started.
 */
package workbench.portrait.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import workbench.portrait.image.Image8;
import workbench.portrait.image.ImageFiles;
import workbench.portrait.video.VideoWriter;

public interface FrameSink extends AutoCloseable {
    void accept(Image8 frame, int index);

    /** Makes the output visible; after an error, close() without finish() leaves nothing. */
    void finish();

    String describe();

    @Override
    void close();

    /** A video: .mp4 (H.264) or .mkv (FFV1, lossless); opened at the first frame, when the size is known. */
    static FrameSink video(Path out, String frameRate) {
        VideoWriter.Codec codec = VideoWriter.Codec.forPath(out);     // a bad extension fails before any work
        return new FrameSink() {
            VideoWriter w;
            @Override public void accept(Image8 f, int index) {
                if (w == null) w = VideoWriter.create(out, f.width(), f.height(), f.channels(), frameRate);
                w.write(f);
            }
            @Override public void finish() {
                if (w == null) throw new IllegalStateException(out + ": no frames were written");
                w.finish();
            }
            @Override public String describe() { return out + " (" + codec.description + ")"; }
            @Override public void close() { if (w != null) w.close(); }
        };
    }

    /** One PNG per frame, frame_00000.png ..., in {@code dir}. */
    static FrameSink pngFolder(Path dir) {
        return new FrameSink() {
            Path partial;
            final List<String> names = new ArrayList<>();
            @Override public void accept(Image8 f, int index) {
                try {
                    if (partial == null) {
                        Files.createDirectories(dir);
                        partial = Files.createTempDirectory(dir, ".partial-");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(dir + ": cannot create the frames folder (" + e.getMessage() + ")", e);
                }
                String name = String.format(Locale.ROOT, "frame_%05d.png", index);
                ImageFiles.writePng(f, partial.resolve(name));
                names.add(name);
            }
            @Override public void finish() {
                if (partial == null) return;
                try {
                    for (String n : names) Files.move(partial.resolve(n), dir.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                    Files.delete(partial);
                    partial = null;
                } catch (IOException e) {
                    throw new UncheckedIOException(dir + ": cannot move the frames into place (" + e.getMessage() + ")", e);
                }
            }
            @Override public String describe() { return dir + "/frame_NNNNN.png"; }
            @Override public void close() {
                if (partial == null) return;
                try (Stream<Path> s = Files.list(partial)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // best effort: the folder is named .partial-
                }
            }
        };
    }

    /** One picture (a single --image run). */
    static FrameSink png(Path out) {
        return new FrameSink() {
            Image8 last;
            @Override public void accept(Image8 f, int index) { last = f; }
            @Override public void finish() { if (last != null) ImageFiles.writePng(last, out); }
            @Override public String describe() { return out.toString(); }
            @Override public void close() { }
        };
    }
}
