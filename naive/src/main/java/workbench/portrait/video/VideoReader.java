/*
 * Decodes a video frame by frame through an ffmpeg subprocess (lesson Sec. 5.1):
 *   ffmpeg -i IN -map 0:v:0 -f rawvideo -pix_fmt rgb24|gray -   ->  W*H*3 (or W*H) bytes per frame on stdout
 * and hands each frame out as an Image8 (RGB, or one channel for masks). The size comes from ffprobe
 * (VideoInfo). A frame cut short, a decoder error and a video without frames are errors that name
 * the file and the frame; the subprocess is ended on close, whatever happened.
 * Not here: seeking, audio, frame timestamps (frames are read in order at the stream's rate).
 */
package workbench.portrait.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import workbench.portrait.image.Image8;

public final class VideoReader implements AutoCloseable {
    private final VideoInfo info;
    private final int channels;
    private final Process process;
    private final InputStream pixels;
    private final Ffmpeg.StreamDrain stderr;
    private int framesRead;
    private boolean ended;

    private VideoReader(VideoInfo info, int channels, Process process) {
        this.info = info;
        this.channels = channels;
        this.process = process;
        this.pixels = process.getInputStream();
        this.stderr = Ffmpeg.StreamDrain.start(process.getErrorStream());
    }

    /** Opens {@code path} for decoding to RGB ({@code channels} = 3) or to one grey channel (1, for mask videos). */
    public static VideoReader open(Path path, int channels) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("decode to 1 (grey) or 3 (RGB) channels, got " + channels);
        VideoInfo info = VideoInfo.probe(path);
        Path ffmpeg = Ffmpeg.requireFfmpeg("decode " + path.getFileName());
        List<String> cmd = List.of(ffmpeg.toString(), "-v", "error", "-nostdin", "-i", path.toString(), "-map", "0:v:0",
                "-f", "rawvideo", "-pix_fmt", channels == 3 ? "rgb24" : "gray", "-");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return new VideoReader(info, channels, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ffmpeg to decode " + path + " (" + e.getMessage() + ")", e);
        }
    }

    public VideoInfo info() { return info; }

    public int framesRead() { return framesRead; }

    /** The next frame, or null after the last one. */
    public Image8 read() {
        if (ended) return null;
        int size = info.width() * info.height() * channels;
        byte[] buf = new byte[size];
        int got;
        try {
            got = pixels.readNBytes(buf, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException(info.path() + ": reading frame " + framesRead + " from ffmpeg failed (" + e.getMessage() + ")", e);
        }
        if (got == size) {
            framesRead++;
            return new Image8(info.width(), info.height(), channels, buf);
        }
        ended = true;
        int exit = Ffmpeg.waitFor(process, 60);
        if (exit != 0) {
            throw new IllegalArgumentException(info.path() + ": ffmpeg could not decode frame " + framesRead + " ("
                    + new Ffmpeg.Result(exit, "", stderr.text()).reason() + ")"
                    + "\n  ---> HINT: the file may be damaged or cut short; `ffmpeg -v error -i " + info.path().getFileName()
                    + " -f null -` lists the decoder's complaints.");
        }
        if (got > 0) {
            throw new IllegalArgumentException(info.path() + ": frame " + framesRead + " ended after " + got + " of " + size
                    + " bytes\n  ---> HINT: the stream's frames do not all have the size ffprobe reported (" + info.width() + "x"
                    + info.height() + "); convert the video to a constant size first.");
        }
        if (framesRead == 0) {
            throw new IllegalArgumentException(info.path() + ": the video has no frames that ffmpeg can decode"
                    + "\n  ---> HINT: the file is empty or holds no decodable picture; re-export it.");
        }
        return null;
    }

    /** Every frame of a (short) video. */
    public static List<Image8> readAll(Path path, int channels) {
        List<Image8> frames = new ArrayList<>();
        try (VideoReader r = open(path, channels)) {
            for (Image8 f; (f = r.read()) != null; ) frames.add(f);
        }
        return frames;
    }

    /** Ends the decoder (it may still be running when fewer frames than the file holds were read). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            pixels.close();
        } catch (IOException ignored) {
            // the process is gone; nothing more to read
        }
    }
}
