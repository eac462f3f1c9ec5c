/*
 * Naive SpectralOps: the textbook loops of mel_features.stft_magnitude and np.dot, in float64.
 * Twin: vectorized/ ... /vggish/VectorSpectralOps (same results within FRONT_END_TWIN in the tests).
 */
package workbench.vggish;

public final class NaiveSpectralOps implements SpectralOps {
    public static final NaiveSpectralOps INSTANCE = new NaiveSpectralOps();

    @Override
    public String name() { return "naive"; }

    @Override
    public DoubleMatrix stftMagnitude(double[] signal, int fftLength, int hopLength, int windowLength) {
        if (windowLength > fftLength) {
            throw new IllegalArgumentException("stftMagnitude: window of " + windowLength + " samples does not fit the FFT length " + fftLength);
        }
        // frame f is signal[f*hop .. f*hop + window): MelFeatures.frame's rows, read in place
        // rather than copied (an hour of audio would otherwise hold 360 000 x 400 doubles)
        int frames = MelFeatures.numFrames(signal.length, windowLength, hopLength);
        double[] window = MelFeatures.periodicHann(windowLength);
        Fft fft = new Fft(fftLength);
        DoubleMatrix out = DoubleMatrix.zeros(frames, fft.bins());
        double[] windowed = new double[windowLength];
        for (int f = 0; f < frames; f++) {
            for (int t = 0; t < windowLength; t++) windowed[t] = signal[f * hopLength + t] * window[t];
            fft.magnitude(windowed, out.data(), f * fft.bins());
        }
        return out;
    }

    @Override
    public DoubleMatrix matmul(DoubleMatrix a, DoubleMatrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("matmul: " + a.shapeString() + " . " + b.shapeString() + ": inner sizes differ");
        }
        DoubleMatrix c = DoubleMatrix.zeros(a.rows(), b.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int k = 0; k < a.cols(); k++) s += a.get(i, k) * b.get(k, j);
                c.set(i, j, s);
            }
        }
        return c;
    }
}
