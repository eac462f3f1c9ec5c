/*
 * The constants of vggish_params.py (tensorflow/models research/audioset/vggish), with the
 * sample counts they imply at 16 kHz. The paper's setup (Hershey et al. 2017, Sec. 3.1): 25 ms
 * windows every 10 ms, 64 mel bands between 125 Hz and 7500 Hz, log(mel + 0.01), and
 * non-overlapping 0.96 s examples of 96 frames x 64 bands.
 * Deliberately not here: the training-only constants (learning rate, Adam epsilon, init stddev).
 */
package workbench.vggish;

public final class VggishParams {
    private VggishParams() {}

    /** Every waveform is brought to this rate before the STFT. */
    public static final int SAMPLE_RATE = 16000;
    public static final double STFT_WINDOW_LENGTH_SECONDS = 0.025;
    public static final double STFT_HOP_LENGTH_SECONDS = 0.010;
    public static final int NUM_MEL_BINS = 64;
    public static final double MEL_MIN_HZ = 125;
    public static final double MEL_MAX_HZ = 7500;
    /** Added before the log so that silent bands give log(0.01) = -4.605, not -inf. */
    public static final double LOG_OFFSET = 0.01;
    public static final double EXAMPLE_WINDOW_SECONDS = 0.96;
    public static final double EXAMPLE_HOP_SECONDS = 0.96;

    /** Frames per example and bands per frame: the network's input is (N, 1, NUM_FRAMES, NUM_BANDS). */
    public static final int NUM_FRAMES = 96;
    public static final int NUM_BANDS = 64;
    public static final int EMBEDDING_SIZE = 128;

    /** The post-processor clips the PCA output to this range before mapping it onto 0..255. */
    public static final double QUANTIZE_MIN_VAL = -2.0;
    public static final double QUANTIZE_MAX_VAL = +2.0;

    /** PCA parameter names inside the official vggish_pca_params.npz. */
    public static final String PCA_EIGEN_VECTORS_NAME = "pca_eigen_vectors";
    public static final String PCA_MEANS_NAME = "pca_means";

    /** 400 samples: int(round(16000 * 0.025)), as mel_features.log_mel_spectrogram rounds. */
    public static int windowLengthSamples(double sampleRate) {
        return pythonRound(sampleRate * STFT_WINDOW_LENGTH_SECONDS);
    }

    /** 160 samples. */
    public static int hopLengthSamples(double sampleRate) {
        return pythonRound(sampleRate * STFT_HOP_LENGTH_SECONDS);
    }

    /** 96 frames: int(round(0.96 * 100)), frames per example at the 100 Hz frame rate. */
    public static int exampleWindowFrames() {
        return pythonRound(EXAMPLE_WINDOW_SECONDS * (1.0 / STFT_HOP_LENGTH_SECONDS));
    }

    /** 96 frames: no overlap between examples. */
    public static int exampleHopFrames() {
        return pythonRound(EXAMPLE_HOP_SECONDS * (1.0 / STFT_HOP_LENGTH_SECONDS));
    }

    /** Python 3's round(): halves go to the even neighbour (Math.rint), not up (Math.round). */
    static int pythonRound(double x) {
        return (int) Math.rint(x);
    }

    /** 512: the next power of two at or above the window length (2 ** ceil(log2(400))). */
    public static int fftLength(int windowLengthSamples) {
        int n = 1;
        while (n < windowLengthSamples) n <<= 1;
        return n;
    }
}
