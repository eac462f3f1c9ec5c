/*
 * Where the pipeline's frames come from (lesson Sec. 5.4): a video (decoded by ffmpeg), a folder of
 * pictures (sorted by name), or one picture, which repeats for as long as it is asked (a still
 * background, one mask for every frame). Frames are RGB or, for masks, one channel.
 * Not here: seeking, frame-rate conversion (frames are taken one for one).
 */
package workbench.portrait.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import workbench.portrait.image.Image8;
import workbench.portrait.image.ImageFiles;
import workbench.portrait.video.VideoReader;

public interface FrameSource extends AutoCloseable {
    /** The next frame, or null when there is none (a still picture never runs out). */
    Image8 next();

    /** True for a single picture that repeats. */
    boolean still();

    /** Frames this source will give, or -1 when unknown or endless. */
    long frameCount();

    /** The frame rate ("25/1") of a video; "25/1" for pictures. */
    String frameRate();

    String describe();

    @Override
    void close();

    List<String> PICTURE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    static boolean isPicture(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return PICTURE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** A folder of pictures, one picture, or a video; {@code channels} 3 (RGB) or 1 (mask). */
    static FrameSource open(Path path, int channels) {
        if (Files.isDirectory(path)) return folder(path, channels);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder\n  ---> HINT: give a video, a picture or a folder of pictures.");
        }
        if (isPicture(path)) return still(channels == 3 ? ImageFiles.readRgb(path) : ImageFiles.readMask(path), path.toString());
        VideoReader r = VideoReader.open(path, channels);
        return new FrameSource() {
            @Override public Image8 next() { return r.read(); }
            @Override public boolean still() { return false; }
            @Override public long frameCount() { return r.info().frameCount(); }
            @Override public String frameRate() { return r.info().frameRate(); }
            @Override public String describe() { return r.info().toString(); }
            @Override public void close() { r.close(); }
        };
    }

    /** One picture, given for every frame. */
    static FrameSource still(Image8 image, String name) {
        return new FrameSource() {
            @Override public Image8 next() { return image; }
            @Override public boolean still() { return true; }
            @Override public long frameCount() { return -1; }
            @Override public String frameRate() { return "25/1"; }
            @Override public String describe() { return name + ": one picture, " + image.sizeString(); }
            @Override public void close() { }
        };
    }

    private static FrameSource folder(Path dir, int channels) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p) && isPicture(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": the folder holds no pictures (.png, .jpg, .bmp)"
                    + "\n  ---> HINT: name the frames so that they sort in order, e.g. frame_00000.png, frame_00001.png, ...");
        }
        return new FrameSource() {
            int i;
            @Override public Image8 next() {
                if (i >= files.size()) return null;
                Path p = files.get(i++);
                return channels == 3 ? ImageFiles.readRgb(p) : ImageFiles.readMask(p);
            }
            @Override public boolean still() { return false; }
            @Override public long frameCount() { return files.size(); }
            @Override public String frameRate() { return "25/1"; }
            @Override public String describe() { return dir + ": " + files.size() + " pictures"; }
            @Override public void close() { }
        };
    }
}
