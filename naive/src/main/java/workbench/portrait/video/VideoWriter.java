/*
 * Encodes frames through an ffmpeg subprocess (lesson Sec. 5.1):
 *   raw rgb24 (or gray) frames on stdin -> ffmpeg -> a temporary file beside the target -> moved into place
 * The codec follows the file name: .mp4 is H.264 (libx264, yuv420p, CRF 18: small, lossy, plays anywhere),
 * .mkv is FFV1 (lossless: bgr0 for colour, gray for masks). Nothing appears at the target path unless
 * every frame was written and ffmpeg finished without error: call finish(); close() without finish()
 * (an exception on the way) ends ffmpeg and deletes the temporary file.
 * Not here: audio (the output has no sound track), other containers, bit-rate control.
 */
package workbench.portrait.video;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import workbench.portrait.image.Image8;

public final class VideoWriter implements AutoCloseable {
    /** The two outputs this writer makes, chosen by the file's extension. */
    public enum Codec {
        H264_MP4("mp4", "libx264 yuv420p, lossy"), FFV1_MKV("matroska", "FFV1, lossless");

        final String muxer;
        public final String description;

        Codec(String muxer, String description) {
            this.muxer = muxer;
            this.description = description;
        }

        public static Codec forPath(Path path) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".mp4")) return H264_MP4;
            if (name.endsWith(".mkv")) return FFV1_MKV;
            throw new IllegalArgumentException(path + ": the output must end in .mp4 (H.264) or .mkv (FFV1, lossless)"
                    + "\n  ---> HINT: pick .mp4 to watch it anywhere, .mkv to keep every pixel exact.");
        }
    }

    private final Path target, temp;
    private final int width, height, channels;
    private final Codec codec;
    private final Process process;
    private final OutputStream stdin;
    private final Ffmpeg.StreamDrain stderr;
    private int framesWritten;
    private boolean done;

    private VideoWriter(Path target, Path temp, int width, int height, int channels, Codec codec, Process process) {
        this.target = target;
        this.temp = temp;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.codec = codec;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = Ffmpeg.StreamDrain.start(process.getErrorStream());
    }

    /** Starts ffmpeg for frames of width x height with 3 (RGB) or 1 (grey) channels at {@code frameRate} ("25/1"). */
    public static VideoWriter create(Path target, int width, int height, int channels, String frameRate) {
        Codec codec = Codec.forPath(target);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("encode 1 (grey) or 3 (RGB) channels, got " + channels);
        if (codec == Codec.H264_MP4 && (width % 2 != 0 || height % 2 != 0)) {
            throw new IllegalArgumentException(target + ": H.264 in yuv420p needs an even width and height, the frames are " + width + "x"
                    + height + "\n  ---> HINT: write .mkv (FFV1 takes any size), or crop the input to an even size.");
        }
        Path ffmpeg = Ffmpeg.requireFfmpeg("write " + target.getFileName());
        Path dir = target.toAbsolutePath().getParent();
        Path temp;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".partial-", "-" + target.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot create a file in " + dir + " (" + e.getMessage() + ")", e);
        }
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-v", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", channels == 3 ? "rgb24" : "gray", "-s", width + "x" + height, "-r", frameRate, "-i", "-"));
        if (codec == Codec.H264_MP4) {
            cmd.addAll(List.of("-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-preset", "veryfast", "-movflags", "+faststart"));
        } else {
            cmd.addAll(List.of("-c:v", "ffv1", "-pix_fmt", channels == 3 ? "bgr0" : "gray"));
        }
        cmd.addAll(List.of("-f", codec.muxer, temp.toString()));
        try {
            return new VideoWriter(target, temp, width, height, channels, codec, new ProcessBuilder(cmd).start());
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot start ffmpeg to write " + target + " (" + e.getMessage() + ")", e);
        }
    }

    public Codec codec() { return codec; }

    public int framesWritten() { return framesWritten; }

    /** Sends one frame; its size and channels must be the writer's. */
    public void write(Image8 frame) {
        if (done) throw new IllegalStateException(target + ": the writer is finished or closed");
        if (frame.width() != width || frame.height() != height || frame.channels() != channels) {
            throw new IllegalArgumentException(target + ": frame " + framesWritten + " is " + frame.sizeString() + ", the video is "
                    + width + "x" + height + " with " + channels + " channel(s)");
        }
        try {
            stdin.write(frame.data());
        } catch (IOException e) {
            abort();
            throw new IllegalStateException(target + ": ffmpeg stopped taking frames at frame " + framesWritten + " ("
                    + new Ffmpeg.Result(Ffmpeg.waitFor(process, 120), "", stderr.text()).reason() + "); nothing was written", e);
        }
        framesWritten++;
    }

    /** Ends the stream, waits for ffmpeg and moves the finished file into place. */
    public void finish() {
        if (done) throw new IllegalStateException(target + ": the writer is finished or closed");
        if (framesWritten == 0) {
            abort();
            throw new IllegalStateException(target + ": no frames were given; nothing was written");
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // ffmpeg ended early: its exit code says why
        }
        int exit = Ffmpeg.waitFor(process, 120);
        if (exit != 0) {
            abort();
            throw new IllegalStateException(target + ": ffmpeg failed (" + new Ffmpeg.Result(exit, "", stderr.text()).reason()
                    + "); nothing was written");
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException(target + ": cannot move the finished video into place (" + e.getMessage() + ")", e);
        }
        done = true;
    }

    private void abort() {
        done = true;
        try {
            stdin.close();
        } catch (IOException ignored) {
            // ffmpeg is being ended anyway
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(temp);
    }

    /** Without finish(): ends ffmpeg and leaves nothing behind. */
    @Override
    public void close() {
        if (!done) abort();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover .partial- file is named as such
        }
    }
}
