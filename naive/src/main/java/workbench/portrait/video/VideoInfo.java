/*
 * What ffprobe says about a video's first video stream: size, frame rate (as ffprobe's rational
 * "25/1", "30000/1001"), the number of frames (packets counted by ffprobe; -1 when it cannot tell)
 * and the codec (lesson Sec. 5.1). A picture file probes as a one-frame video.
 * Not here: audio streams, variable frame rate (the nominal rate r_frame_rate is taken), rotation metadata.
 */
package workbench.portrait.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public record VideoInfo(Path path, int width, int height, String frameRate, long frameCount, String codec) {

    /** Frames per second as a number (25.0 for "25/1", 29.97... for "30000/1001"). */
    public double fps() {
        String[] p = frameRate.split("/");
        double num = Double.parseDouble(p[0]), den = p.length > 1 ? Double.parseDouble(p[1]) : 1;
        return den == 0 ? 0 : num / den;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %dx%d, %s fps, %s frames, %s", path.getFileName(), width, height, frameRate,
                frameCount < 0 ? "?" : Long.toString(frameCount), codec);
    }

    /** Runs ffprobe on the first video stream; a clear error for a missing file, a non-video, or no frames. */
    public static VideoInfo probe(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": no such file\n  ---> HINT: give a video file ffmpeg can read (.mp4, .mkv, .mov, .webm, ...).");
        }
        Path ffprobe = Ffmpeg.requireFfprobe("read " + path.getFileName());
        List<String> cmd = List.of(ffprobe.toString(), "-v", "error", "-count_packets", "-select_streams", "v:0",
                "-show_entries", "stream=width,height,r_frame_rate,nb_read_packets,codec_name", "-of", "default=noprint_wrappers=1",
                path.toString());
        Ffmpeg.Result r = Ffmpeg.run(cmd, null, 120);
        if (r.exitCode() != 0) {
            throw new IllegalArgumentException(path + ": ffprobe cannot read this file as a video (" + r.reason() + ")"
                    + "\n  ---> HINT: check that the file is a complete video; `ffprobe " + path.getFileName() + "` shows what ffmpeg sees.");
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        if (!kv.containsKey("width")) {
            throw new IllegalArgumentException(path + ": has no video stream (ffprobe found none: an audio-only file, or a video"
                    + " written without a single frame)\n  ---> HINT: give a video with frames (or a picture with --image); re-export"
                    + " the file if it should hold some.");
        }
        long frames = parseLong(kv.get("nb_read_packets"), -1);
        if (frames == 0) {
            throw new IllegalArgumentException(path + ": the video stream has no frames"
                    + "\n  ---> HINT: the file is empty or was cut before its first frame; re-export it.");
        }
        String rate = kv.getOrDefault("r_frame_rate", "25/1");
        if (rate.startsWith("0/") || rate.isBlank()) rate = "25/1";
        return new VideoInfo(path, (int) parseLong(kv.get("width"), 0), (int) parseLong(kv.get("height"), 0), rate, frames,
                kv.getOrDefault("codec_name", "?"));
    }

    private static long parseLong(String s, long fallback) {
        if (s == null) return fallback;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
