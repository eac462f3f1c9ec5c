/*
 * Reads audio the way vggish_input.wav_read does: WAV through javax.sound.sampled (no
 * dependency), samples as float64 in [-1, 1). 16-bit PCM is exactly the official int16 / 32768.0.
 * Also decoded, at full precision: 8-bit unsigned, 24- and 32-bit signed PCM, 32- and 64-bit float
 * (WAVE_FORMAT_EXTENSIBLE too). The official reader asks soundfile for int16 and so rounds those to
 * 16 bits first; we keep the extra bits (a difference below 2^-15 per sample).
 * Anything that is not a WAV (mp3, flac, ogg, m4a, ...) goes through ffmpeg when it is installed:
 * ffprobe gives the rate and channels, ffmpeg decodes to float64 at the file's own rate, so the
 * resampling still happens here with resampy's filter (not ffmpeg's).
 * Bad input gets an AudioFormatException naming the file: empty, truncated, not audio, or an
 * encoding (named) we do not decode.
 */
package workbench.vggish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

public final class WavReader {
    private WavReader() {}

    static final String CONVERT_HINT = "convert it to 16-bit PCM WAV, e.g. ffmpeg -i IN -c:a pcm_s16le OUT.wav";

    /** Reads a WAV (or, with ffmpeg installed, any audio file ffmpeg decodes). */
    public static Audio read(Path path) {
        String src = path.toString();
        if (!Files.exists(path)) throw new UncheckedIOException(new NoSuchFileException(src, null, "no such audio file"));
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            head = in.readNBytes(12);
        } catch (IOException e) {
            throw new UncheckedIOException(src + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (size == 0) throw new AudioFormatException(src, "the file is empty (0 bytes)", "record or export the audio again; a WAV holds at least a 44-byte header");
        boolean riffWave = head.length == 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WAVE");
        if (!riffWave) {
            if (head.length >= 4 && ascii(head, 0, 4).equals("RIFF")) {
                throw new AudioFormatException(src, "a RIFF file but not WAVE (it says '" + ascii(head, 8, Math.max(0, head.length - 8)) + "')",
                        CONVERT_HINT);
            }
            return Ffmpeg.decode(path);
        }
        return readWav(path, size);
    }

    private static Audio readWav(Path path, long size) {
        String src = path.toString();
        AudioInputStream ais;
        try {
            ais = AudioSystem.getAudioInputStream(path.toFile());
        } catch (UnsupportedAudioFileException e) {
            String problem = size < 44 ? "truncated: " + size + " bytes, less than a WAV header"
                    : "javax.sound cannot parse this WAV (" + e.getMessage() + "); the header or its format chunk is damaged or unusual";
            throw new AudioFormatException(src, problem, size < 44 ? "the file was cut short; export it again" : CONVERT_HINT, e);
        } catch (IOException e) {
            throw new AudioFormatException(src, "truncated or damaged WAV header (" + e.getMessage() + ")", "the file was cut short; export it again", e);
        }
        try (ais) {
            AudioFormat f = ais.getFormat();
            String encoding = describe(f);
            int channels = f.getChannels(), bits = f.getSampleSizeInBits(), frameSize = f.getFrameSize();
            Sample kind = sampleKind(f);
            if (kind == null) {
                throw new AudioFormatException(src, "unsupported WAV encoding: " + encoding
                        + " (decoded here: 8-bit unsigned, 16/24/32-bit signed PCM, 32/64-bit float)", CONVERT_HINT);
            }
            byte[] bytes = readAll(ais, src);
            long declared = ais.getFrameLength();
            if (declared != AudioSystem.NOT_SPECIFIED && bytes.length < declared * frameSize) {
                throw new AudioFormatException(src, "truncated: the data chunk declares " + declared + " frames (" + declared * frameSize
                        + " bytes) but the file holds " + bytes.length + " bytes of samples", "the file was cut short; export or copy it again");
            }
            int frames = bytes.length / frameSize;
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[frames * channels];
            short[] pcm16 = kind == Sample.S16 ? new short[out.length] : null;
            int bytesPerSample = bits / 8;
            for (int i = 0; i < out.length; i++) {
                int at = i * bytesPerSample;
                out[i] = switch (kind) {
                    // vggish_input.wav_read: wav_data / 32768.0 on the int16 samples
                    case S16 -> { pcm16[i] = buf.getShort(at); yield pcm16[i] / 32768.0; }
                    case U8 -> ((buf.get(at) & 0xff) - 128) / 128.0;
                    case S24 -> int24(buf, at, f.isBigEndian()) / 8388608.0;
                    case S32 -> buf.getInt(at) / 2147483648.0;
                    case F32 -> buf.getFloat(at);
                    case F64 -> buf.getDouble(at);
                };
            }
            return new Audio(out, Math.round(f.getSampleRate()), channels, encoding, pcm16, src);
        } catch (IOException e) {
            throw new UncheckedIOException(src + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private enum Sample { U8, S16, S24, S32, F32, F64 }

    private static Sample sampleKind(AudioFormat f) {
        AudioFormat.Encoding e = f.getEncoding();
        int bits = f.getSampleSizeInBits();
        if (f.getFrameSize() != f.getChannels() * bits / 8 || bits % 8 != 0) return null;
        if (e.equals(AudioFormat.Encoding.PCM_SIGNED)) {
            return switch (bits) { case 16 -> Sample.S16; case 24 -> Sample.S24; case 32 -> Sample.S32; default -> null; };
        }
        if (e.equals(AudioFormat.Encoding.PCM_UNSIGNED)) return bits == 8 ? Sample.U8 : null;
        if (e.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return switch (bits) { case 32 -> Sample.F32; case 64 -> Sample.F64; default -> null; };
        }
        return null;
    }

    private static String describe(AudioFormat f) {
        return f.getEncoding() + " " + f.getSampleSizeInBits() + "-bit" + (f.getSampleSizeInBits() > 8 ? (f.isBigEndian() ? " big-endian" : " little-endian") : "");
    }

    /** A signed 24-bit sample: the most significant byte keeps its sign, the other two do not. */
    private static int int24(ByteBuffer b, int at, boolean bigEndian) {
        int hi = bigEndian ? b.get(at) : b.get(at + 2);
        int mid = b.get(at + 1) & 0xff;
        int lo = (bigEndian ? b.get(at + 2) : b.get(at)) & 0xff;
        return (hi << 16) | (mid << 8) | lo;
    }

    private static byte[] readAll(AudioInputStream in, String src) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0) out.write(chunk, 0, n);
        return out.toByteArray();
    }

    private static String ascii(byte[] b, int from, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + len && i < b.length; i++) sb.append(b[i] >= 32 && b[i] < 127 ? (char) b[i] : '?');
        return sb.toString();
    }

    /** ffprobe + ffmpeg as subprocesses; only for files that are not WAV. */
    static final class Ffmpeg {
        private Ffmpeg() {}

        static boolean available() {
            try {
                Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        static Audio decode(Path path) {
            String src = path.toString();
            if (!available()) {
                throw new AudioFormatException(src, "not a WAV file (no RIFF/WAVE header), and ffmpeg, which would decode other formats, is not installed",
                        "install ffmpeg (apt-get install ffmpeg), or " + CONVERT_HINT);
            }
            String probe = new String(run(src, List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                    "stream=sample_rate,channels", "-of", "csv=p=0", path.toString())), java.nio.charset.StandardCharsets.US_ASCII).trim();
            String[] parts = probe.split("[,\\s]+");
            if (probe.isEmpty() || parts.length < 2) {
                throw new AudioFormatException(src, "neither a WAV file nor audio ffmpeg can read (ffprobe found no audio stream)",
                        "check that this is an audio file; " + CONVERT_HINT);
            }
            int rate = Integer.parseInt(parts[0]), channels = Integer.parseInt(parts[1]);
            byte[] raw = run(src, List.of("ffmpeg", "-v", "error", "-i", path.toString(), "-map", "0:a:0", "-f", "f64le", "-acodec", "pcm_f64le", "-"));
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[raw.length / 8 / channels * channels];
            for (int i = 0; i < out.length; i++) out[i] = buf.getDouble(i * 8);
            return new Audio(out, rate, channels, "decoded by ffmpeg to float64", null, src);
        }

        private static byte[] run(String src, List<String> command) {
            try {
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
                byte[] out = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0) {
                    throw new AudioFormatException(src, "not a WAV file, and " + command.get(0) + " cannot decode it either: "
                            + (err.isEmpty() ? "exit code " + p.exitValue() : err.lines().findFirst().orElse("")), "check that this is an audio file; " + CONVERT_HINT);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(src + ": cannot run " + command.get(0) + " (" + e.getMessage() + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(src + ": interrupted while " + command.get(0) + " ran", e);
            }
        }
    }
}
