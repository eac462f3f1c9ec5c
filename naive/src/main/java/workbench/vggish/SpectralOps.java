/*
 * The heavy operations of the VGGish front end (Hershey et al. 2017, Sec. 3.1), behind one
 * interface so the naive reference and the Vector API twin compute the same thing:
 *   stftMagnitude   mel_features.stft_magnitude (frame, periodic Hann, |rfft|), float64
 *   matmul          np.dot of two float64 matrices (STFT magnitudes . mel matrix)
 * Implementations: NaiveSpectralOps (plain loops), vectorized/ ... /vggish/VectorSpectralOps.
 */
package workbench.vggish;

public interface SpectralOps {
    /** Short name for reports: "naive", "vectorized(512-bit)". */
    String name();

    /** (frames, fftLength/2 + 1) magnitudes; 0 frames when the signal is shorter than one window. */
    DoubleMatrix stftMagnitude(double[] signal, int fftLength, int hopLength, int windowLength);

    /** a (r, k) . b (k, c) = (r, c). */
    DoubleMatrix matmul(DoubleMatrix a, DoubleMatrix b);
}
