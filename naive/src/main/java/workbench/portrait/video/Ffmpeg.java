/*
 * Finding and running the ffmpeg and ffprobe programs (lesson Sec. 5.1). Video is decoded and encoded by
 * ffmpeg as a subprocess that reads or writes raw pixels on a pipe; this class only finds the binaries,
 * runs short commands, and says how to install them when they are missing.
 * The binaries are looked up as WB_FFMPEG / WB_FFPROBE when set, else as `ffmpeg` / `ffprobe` on PATH.
 * Not here: linking to libav* (no native code in this project), hardware codecs.
 */
package workbench.portrait.video;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

public final class Ffmpeg {
    private Ffmpeg() {}

    static final String INSTALL_HINT = "install FFmpeg: sudo apt-get install ffmpeg (Debian/Ubuntu), brew install ffmpeg (macOS),"
            + " or set WB_FFMPEG and WB_FFPROBE to the programs' paths";

    /** Where programs are looked up: the process environment; tests swap in another map. */
    static volatile Map<String, String> environment = System.getenv();

    /** The ffmpeg program, if it can be found. */
    public static Optional<Path> ffmpeg() { return find("WB_FFMPEG", "ffmpeg"); }

    /** The ffprobe program, if it can be found. */
    public static Optional<Path> ffprobe() { return find("WB_FFPROBE", "ffprobe"); }

    /** True when both ffmpeg and ffprobe are there. */
    public static boolean available() { return ffmpeg().isPresent() && ffprobe().isPresent(); }

    /** The ffmpeg program, or an error saying how to install it. */
    public static Path requireFfmpeg(String forWhat) {
        return ffmpeg().orElseThrow(() -> new IllegalStateException("ffmpeg is not installed (needed to " + forWhat + ")"
                + "\n  ---> HINT: " + INSTALL_HINT + "; a single picture (--image IN.png) works without it."));
    }

    /** The ffprobe program, or an error saying how to install it. */
    public static Path requireFfprobe(String forWhat) {
        return ffprobe().orElseThrow(() -> new IllegalStateException("ffprobe is not installed (needed to " + forWhat + ")"
                + "\n  ---> HINT: " + INSTALL_HINT + " (ffprobe comes with the ffmpeg package)."));
    }

    private static Optional<Path> find(String env, String name) {
        String given = environment.get(env);
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = environment.get("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** What a finished command printed and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The last non-empty line of stderr: where ffmpeg puts its reason. */
        public String reason() {
            String[] lines = stderr.strip().split("\n");
            return lines.length == 0 || lines[lines.length - 1].isBlank() ? "exit code " + exitCode : lines[lines.length - 1].strip();
        }
    }

    /** Runs a short command to the end (probing, making test clips); output kept in memory. */
    public static Result run(List<String> command, Path workingDir, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workingDir != null) pb.directory(workingDir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (" + e.getMessage() + ")", e);
        }
        StreamDrain err = StreamDrain.start(p.getErrorStream());
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.text());
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException("reading from " + command.get(0) + " failed (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + command.get(0) + " ran", e);
        }
    }

    /**
     * Collects a process's stderr on its own thread, so that a chatty ffmpeg never blocks on a full
     * pipe while we read or write its pixels; keeps the last 64 KiB.
     */
    static final class StreamDrain {
        private final Thread thread;
        private final StringBuilder text = new StringBuilder();

        private StreamDrain(InputStream in) {
            this.thread = Thread.ofVirtual().unstarted(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (text) {
                            text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            if (text.length() > 65536) text.delete(0, text.length() - 65536);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended; what arrived so far is kept
                }
            });
        }

        static StreamDrain start(InputStream in) {
            StreamDrain d = new StreamDrain(in);
            d.thread.start();
            return d;
        }

        /** Everything collected; waits briefly for the stream's end. */
        String text() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (text) {
                return text.toString();
            }
        }
    }

    /** The command line as one copyable string (for messages). */
    /** The exit code of a child ffmpeg/ffprobe, waiting at most `seconds`; -1 (and the process killed) on timeout or interrupt. */
    static int waitFor(Process process, long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String show(List<String> command) {
        List<String> quoted = new ArrayList<>();
        for (String s : command) quoted.add(s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'");
        return String.join(" ", quoted);
    }
}
