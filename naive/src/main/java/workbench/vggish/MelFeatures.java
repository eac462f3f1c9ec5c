/*
 * The audio front end of mel_features.py (tensorflow/models research/audioset/vggish), function by
 * function, each usable alone with its own parameters: frame, periodicHann, stftMagnitude,
 * hertzToMel, spectrogramToMelMatrix, logMelSpectrogram. Hershey et al. 2017, Sec. 3.1: "25 ms
 * windows every 10 ms ... 64 mel-spaced frequency bins ... log".
 * Naive reference, float64 like the numpy original. The heavy parts (windowed FFTs and the mel
 * matrix product) go through a SpectralOps, so the vectorized twin can take them over.
 * Deviations kept on purpose, each where it happens: frame() returns 0 frames for inputs shorter
 * than one window (numpy's as_strided would fail on a negative count).
 * Not here: resampling (Resampler), WAV reading (WavReader), examples of a file (VggishInput).
 */
package workbench.vggish;

public final class MelFeatures {
    private MelFeatures() {}

    /** 1127 * ln(1 + f / 700): the HTK mel scale mel_features uses (not Slaney's). */
    public static final double MEL_HIGH_FREQUENCY_Q = 1127.0;
    public static final double MEL_BREAK_FREQUENCY_HERTZ = 700.0;

    /** Frame count of mel_features.frame: 1 + floor((n - window) / hop), and 0 when n < window. */
    public static int numFrames(int n, int windowLength, int hopLength) {
        if (windowLength < 1 || hopLength < 1) {
            throw new IllegalArgumentException("frame: window and hop must be >= 1, got window " + windowLength + ", hop " + hopLength);
        }
        // numpy: 1 + int(np.floor((n - window) / hop)); negative counts would make as_strided fail,
        // so a too-short input gives 0 frames here (the 0.5 s case gives 48 frames -> 0 examples).
        return n < windowLength ? 0 : 1 + (n - windowLength) / hopLength;
    }

    /**
     * mel_features.frame on a 1-D signal: rows are overlapping windows of {@code windowLength}
     * samples, {@code hopLength} apart; no padding at either end, an incomplete tail is dropped.
     */
    public static DoubleMatrix frame(double[] data, int windowLength, int hopLength) {
        int frames = numFrames(data.length, windowLength, hopLength);
        DoubleMatrix out = DoubleMatrix.zeros(frames, windowLength);
        for (int f = 0; f < frames; f++) System.arraycopy(data, f * hopLength, out.data(), f * windowLength, windowLength);
        return out;
    }

    /**
     * mel_features.frame on a 2-D array (rows = time): result [frames][windowLength * cols], frame f
     * holding rows f*hop .. f*hop + windowLength - 1. VGGish frames the log-mel rows into examples of
     * 96 x 64 this way, with hop 96 (no overlap).
     */
    public static DoubleMatrix frame(DoubleMatrix data, int windowLength, int hopLength) {
        int frames = numFrames(data.rows(), windowLength, hopLength);
        int width = windowLength * data.cols();
        DoubleMatrix out = DoubleMatrix.zeros(frames, width);
        for (int f = 0; f < frames; f++) {
            System.arraycopy(data.data(), f * hopLength * data.cols(), out.data(), f * width, width);
        }
        return out;
    }

    /**
     * The periodic Hann window, 0.5 - 0.5 cos(2 pi n / N) for n = 0..N-1: the first N points of a
     * symmetric window of N + 1 points. np.hanning(N) is the symmetric one (denominator N - 1, both
     * ends zero); it is not what mel_features uses and it shifts every STFT value a little.
     */
    public static double[] periodicHann(int windowLength) {
        double[] w = new double[windowLength];
        for (int n = 0; n < windowLength; n++) w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI / windowLength * n);
        return w;
    }

    /**
     * mel_features.stft_magnitude: frame, multiply by the periodic Hann window, zero-pad each frame
     * at the end to fftLength, and keep |rfft|: (frames, fftLength/2 + 1), magnitudes, not powers.
     */
    public static DoubleMatrix stftMagnitude(double[] signal, int fftLength, int hopLength, int windowLength) {
        return NaiveSpectralOps.INSTANCE.stftMagnitude(signal, fftLength, hopLength, windowLength);
    }

    /** 1127 ln(1 + f / 700), element-wise. */
    public static double hertzToMel(double frequencyHertz) {
        return MEL_HIGH_FREQUENCY_Q * Math.log(1.0 + frequencyHertz / MEL_BREAK_FREQUENCY_HERTZ);
    }

    /** numpy.linspace(start, stop, num): start + i * step, the last point set to stop exactly. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        if (num > 1) y[num - 1] = stop;
        return y;
    }

    /**
     * mel_features.spectrogram_to_mel_matrix: [numSpectrogramBins][numMelBins] weights, so that
     * mel = spectrogram . matrix. Row b is the FFT bin at b * nyquist / (bins - 1) Hz; column i is
     * a triangle in the MEL domain with corners at band edges i, i+1, i+2 of numMelBins + 2 edges
     * spaced evenly in mel between lowerEdgeHertz and upperEdgeHertz. Row 0 (DC) is set to zero.
     * The triangles are not area-normalised (HTK style), unlike librosa's default Slaney mel.
     */
    public static DoubleMatrix spectrogramToMelMatrix(int numMelBins, int numSpectrogramBins, double audioSampleRate,
                                                      double lowerEdgeHertz, double upperEdgeHertz) {
        double nyquistHertz = audioSampleRate / 2.0;
        if (lowerEdgeHertz < 0.0) {
            throw new IllegalArgumentException("spectrogramToMelMatrix: lower_edge_hertz " + lowerEdgeHertz + " must be >= 0");
        }
        if (lowerEdgeHertz >= upperEdgeHertz) {
            throw new IllegalArgumentException("spectrogramToMelMatrix: lower_edge_hertz " + lowerEdgeHertz
                    + " >= upper_edge_hertz " + upperEdgeHertz);
        }
        if (upperEdgeHertz > nyquistHertz) {
            throw new IllegalArgumentException("spectrogramToMelMatrix: upper_edge_hertz " + upperEdgeHertz
                    + " is greater than the Nyquist frequency " + nyquistHertz
                    + "\n  ---> HINT: lower the upper edge or raise the sample rate (VGGish: 7500 Hz at 16 kHz).");
        }
        double[] binsHertz = linspace(0.0, nyquistHertz, numSpectrogramBins);
        double[] binsMel = new double[numSpectrogramBins];
        for (int b = 0; b < numSpectrogramBins; b++) binsMel[b] = hertzToMel(binsHertz[b]);
        double[] edgesMel = linspace(hertzToMel(lowerEdgeHertz), hertzToMel(upperEdgeHertz), numMelBins + 2);
        DoubleMatrix m = DoubleMatrix.zeros(numSpectrogramBins, numMelBins);
        for (int i = 0; i < numMelBins; i++) {
            double lower = edgesMel[i], center = edgesMel[i + 1], upper = edgesMel[i + 2];
            for (int b = 0; b < numSpectrogramBins; b++) {
                // rising edge from lower to center, falling edge from center to upper, linear in mel
                double lowerSlope = (binsMel[b] - lower) / (center - lower);
                double upperSlope = (upper - binsMel[b]) / (upper - center);
                m.set(b, i, Math.max(0.0, Math.min(lowerSlope, upperSlope)));
            }
        }
        // "HTK excludes the spectrogram DC bin": whatever the lower edge, bin 0 contributes nothing
        for (int i = 0; i < numMelBins; i++) m.set(0, i, 0.0);
        return m;
    }

    /** The parameters of mel_features.log_mel_spectrogram, in its units (seconds and Hz). */
    public record LogMelSpec(double audioSampleRate, double logOffset, double windowLengthSecs, double hopLengthSecs,
                             int numMelBins, double lowerEdgeHertz, double upperEdgeHertz) {
        /** The VGGish values: 16 kHz, offset 0.01, 25 ms / 10 ms, 64 bands, 125-7500 Hz. */
        public static LogMelSpec vggish() {
            return new LogMelSpec(VggishParams.SAMPLE_RATE, VggishParams.LOG_OFFSET, VggishParams.STFT_WINDOW_LENGTH_SECONDS,
                    VggishParams.STFT_HOP_LENGTH_SECONDS, VggishParams.NUM_MEL_BINS, VggishParams.MEL_MIN_HZ, VggishParams.MEL_MAX_HZ);
        }

        public int windowLengthSamples() { return VggishParams.pythonRound(audioSampleRate * windowLengthSecs); }

        public int hopLengthSamples() { return VggishParams.pythonRound(audioSampleRate * hopLengthSecs); }

        public int fftLength() { return VggishParams.fftLength(windowLengthSamples()); }
    }

    /** Every intermediate of log_mel_spectrogram, for the golden checks and the lesson. */
    public record LogMel(DoubleMatrix stftMagnitude, DoubleMatrix melMatrix, DoubleMatrix melSpectrogram, DoubleMatrix logMel) {}

    /**
     * mel_features.log_mel_spectrogram: stft_magnitude, then . mel matrix, then ln(mel + logOffset).
     * The natural log; the offset keeps silent bands finite (ln 0.01 = -4.605).
     */
    public static LogMel logMelSpectrogram(double[] data, LogMelSpec spec, SpectralOps ops) {
        DoubleMatrix stft = ops.stftMagnitude(data, spec.fftLength(), spec.hopLengthSamples(), spec.windowLengthSamples());
        DoubleMatrix melMatrix = spectrogramToMelMatrix(spec.numMelBins(), stft.cols(), spec.audioSampleRate(),
                spec.lowerEdgeHertz(), spec.upperEdgeHertz());
        DoubleMatrix mel = ops.matmul(stft, melMatrix);
        DoubleMatrix logMel = DoubleMatrix.zeros(mel.rows(), mel.cols());
        for (int i = 0; i < logMel.data().length; i++) logMel.data()[i] = Math.log(mel.data()[i] + spec.logOffset());
        return new LogMel(stft, melMatrix, mel, logMel);
    }
}
