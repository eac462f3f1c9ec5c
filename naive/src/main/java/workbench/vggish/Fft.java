/*
 * The discrete Fourier transform of a real frame, |rfft|: numpy.fft.rfft(frame, n) followed by
 * np.abs, as mel_features.stft_magnitude uses it (Hershey et al. 2017, Sec. 3.1).
 * Naive reference: an iterative radix-2 Cooley-Tukey FFT on complex doubles for power-of-two
 * lengths (the front end always picks one), a plain O(n^2) DFT otherwise. Float64 throughout,
 * as numpy's pocketfft; the two agree to about 1e-15 relative.
 * The frame is zero-padded at the END to n (numpy's rule), never centred.
 * Deliberately not here: a real-input (half-length) FFT trick, SIMD. Twin: vectorized/ ... /vggish/VectorSpectralOps.
 */
package workbench.vggish;

public final class Fft {
    private final int n;
    private final int[] bitReversed;
    private final double[] cos, sin;   // twiddles e^{-2 pi i k / n}, k < n/2

    public Fft(int n) {
        if (n < 1) throw new IllegalArgumentException("Fft: length must be >= 1, got " + n);
        this.n = n;
        boolean pow2 = Integer.bitCount(n) == 1;
        bitReversed = pow2 ? bitReversal(n) : null;
        cos = new double[Math.max(1, n / 2)];
        sin = new double[Math.max(1, n / 2)];
        for (int k = 0; k < n / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
    }

    public int length() { return n; }

    /** Number of non-negative frequency bins: n/2 + 1 (257 for n = 512). */
    public int bins() { return n / 2 + 1; }

    /**
     * |X[k]| for k = 0..n/2 of the frame zero-padded to n; frame.length may be shorter than n.
     * Written into out[outOffset .. outOffset + bins()).
     */
    public void magnitude(double[] frame, double[] out, int outOffset) {
        if (frame.length > n) {
            throw new IllegalArgumentException("Fft: frame of " + frame.length + " samples is longer than the FFT length " + n);
        }
        double[] re = new double[n], im = new double[n];
        System.arraycopy(frame, 0, re, 0, frame.length);      // zero-padding at the end
        if (bitReversed != null) transform(re, im);
        else dft(re, im);
        for (int k = 0; k <= n / 2; k++) out[outOffset + k] = Math.hypot(re[k], im[k]);
    }

    /** In-place radix-2 decimation-in-time FFT: X[k] = sum_t x[t] e^{-2 pi i k t / n}. */
    private void transform(double[] re, double[] im) {
        // 1. put the input in bit-reversed order, so each butterfly stage works on neighbours
        for (int i = 0; i < n; i++) {
            int j = bitReversed[i];
            if (j > i) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        // 2. log2(n) stages; a stage combines pairs of length-half DFTs into length-size DFTs
        for (int size = 2; size <= n; size <<= 1) {
            int half = size / 2, step = n / size;          // twiddle index stride for this stage
            for (int start = 0; start < n; start += size) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step], wi = -sin[k * step];  // w = e^{-2 pi i k / size}
                    int a = start + k, b = a + half;
                    double tr = wr * re[b] - wi * im[b];
                    double ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    /** The definition, for lengths that are not a power of two. */
    private void dft(double[] re, double[] im) {
        double[] xr = re.clone();
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++) {
                double angle = 2 * Math.PI * ((long) k * t % n) / n;
                sr += xr[t] * Math.cos(angle);
                si -= xr[t] * Math.sin(angle);
            }
            re[k] = sr;
            im[k] = si;
        }
    }

    private static int[] bitReversal(int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        return r;
    }
}
