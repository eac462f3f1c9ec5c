/*
 * Decoded audio: interleaved float64 samples in [-1, 1), the sample rate, the channel count, and
 * what the file held (for messages and for the golden check of the raw 16-bit values).
 * vggish_input.wav_read returns int16 / 32768.0; mono() is its np.mean(data, axis=1).
 */
package workbench.vggish;

public record Audio(double[] interleaved, int sampleRate, int channels, String encoding, short[] pcm16, String source) {
    public Audio {
        if (channels < 1) throw new IllegalArgumentException(source + ": audio with " + channels + " channels");
        if (interleaved.length % channels != 0) {
            throw new IllegalArgumentException(source + ": " + interleaved.length + " samples do not split into " + channels + " channels");
        }
    }

    /** Frames (samples per channel). */
    public int frames() { return interleaved.length / channels; }

    public double seconds() { return (double) frames() / sampleRate; }

    /** The mean over channels of each frame (vggish_input: np.mean(data, axis=1)); mono audio as is. */
    public double[] mono() {
        if (channels == 1) return interleaved.clone();
        double[] m = new double[frames()];
        for (int f = 0; f < m.length; f++) {
            double s = 0;
            for (int c = 0; c < channels; c++) s += interleaved[f * channels + c];
            m[f] = s / channels;
        }
        return m;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %d Hz, %d channel%s, %s, %.3f s", source, sampleRate, channels,
                channels == 1 ? "" : "s", encoding, seconds());
    }
}
