/*
 * Built-in demo sounds for the /vggish page, synthesised by code (no files, no downloads) and encoded
 * as 16-bit PCM WAV, so they reach the chapter's WavReader exactly as an uploaded file does:
 *   "chirp"  4 s, 44.1 kHz stereo: an exponential chirp 150 Hz -> 6 kHz in both channels, a 440 Hz
 *            tone on the left (0-1.6 s), a 3 kHz tone on the right (2.0-3.0 s) and a burst of seeded
 *            white noise on the right (3.2-3.8 s). Not 16 kHz, not mono: the channel mean and the
 *            resampler both have work to do.
 *   "sine"   the smoke test's signal (SmokeTest.testSignal): 3 s of 1 kHz at 16 kHz mono, 3 examples.
 *   "blip"   0.5 s of a decaying 800 Hz tone at 22.05 kHz mono: 48 frames, so 0 examples.
 * Not here: reading WAV (WavReader), natural recordings.
 */
package workbench.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import workbench.vggish.SmokeTest;

public final class DemoAudio {
    private DemoAudio() {}

    public static final List<String> NAMES = List.of("chirp", "sine", "blip");

    public static boolean exists(String name) { return NAMES.contains(name); }

    public static String label(String name) {
        return switch (name) {
            case "chirp" -> "chirp + tones + noise (4 s, 44.1 kHz stereo, built-in)";
            case "sine" -> "smoke-test sine, 1 kHz (3 s, 16 kHz mono, built-in)";
            case "blip" -> "blip (0.5 s, 22.05 kHz mono: 0 examples, built-in)";
            default -> throw unknown(name);
        };
    }

    static ApiError unknown(String name) {
        return ApiError.notFound("no demo sound named '" + name + "'",
                "demo sounds are " + String.join(", ", NAMES) + "; or upload a .wav with POST /api/upload");
    }

    /** The demo sound {@code name} as the bytes of a 16-bit PCM WAV file. */
    public static byte[] wav(String name) {
        return switch (name) {
            case "chirp" -> encode(chirp(), 44100, 2);
            case "sine" -> encode(SmokeTest.testSignal(16000), 16000, 1);
            case "blip" -> encode(blip(), 22050, 1);
            default -> throw unknown(name);
        };
    }

    /** Interleaved stereo (left, right) at 44.1 kHz. */
    static double[] chirp() {
        int sr = 44100, n = 4 * sr;
        double f0 = 150, f1 = 6000, seconds = 4.0, k = Math.log(f1 / f0) / seconds;
        SplittableRandom noise = new SplittableRandom(7);
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / sr;
            // exponential chirp: instantaneous frequency f0 e^(k t), phase 2 pi f0 (e^(k t) - 1) / k
            double chirp = 0.35 * Math.sin(2 * Math.PI * f0 * (Math.exp(k * t) - 1) / k);
            double a440 = 0.25 * gate(t, 0.0, 1.6) * Math.sin(2 * Math.PI * 440 * t);
            double b3k = 0.2 * gate(t, 2.0, 3.0) * Math.sin(2 * Math.PI * 3000 * t);
            double hiss = 0.15 * gate(t, 3.2, 3.8) * (2 * noise.nextDouble() - 1);
            out[2 * i] = chirp + a440;
            out[2 * i + 1] = chirp + b3k + hiss;
        }
        return out;
    }

    /** 1 inside [from, to) with 10 ms linear fades at both ends, 0 outside. */
    static double gate(double t, double from, double to) {
        double fade = 0.01;
        if (t < from || t >= to) return 0;
        return Math.min(1, Math.min((t - from) / fade, (to - t) / fade));
    }

    static double[] blip() {
        int sr = 22050, n = sr / 2;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / sr;
            out[i] = 0.5 * Math.exp(-6 * t) * Math.sin(2 * Math.PI * 800 * t);
        }
        return out;
    }

    /** RIFF/WAVE, format 1 (PCM), 16 bits; samples in [-1, 1] are scaled by 32767 and rounded. */
    static byte[] encode(double[] interleaved, int sampleRate, int channels) {
        int dataBytes = 2 * interleaved.length;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (double v : interleaved) b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
        return b.array();
    }
}
