/*
 * Band-limited resampling as vggish_input.py does it: resampy.resample(x, sr, 16000) with
 * resampy's default filter "kaiser_best" (resampy >= 0.3: 50 zero crossings, 2^13 table entries
 * per crossing, roll-off 0.917347, Kaiser beta 12.9846). VGGish was trained on 16 kHz audio
 * (Hershey et al. 2017, Sec. 3.1), so every other rate comes through here.
 * Naive reference of resampy/interpn.py (_resample_f): for output sample t at input time
 * t / ratio, a left wing over x[n], x[n-1], ... and a right wing over x[n+1], x[n+2], ..., each tap
 * weighted by the half-window table with linear interpolation between table entries.
 * Output length int(n * sr_new / sr_orig) (floor). Float64, as resampy runs on float64 input.
 * Pitfall: a different filter (scipy.signal.resample's FFT method, librosa's soxr default, or
 * resampy 0.2's older kaiser_best table) gives a slightly different waveform, and the log-mel of
 * the up-sampled near-silent bands magnifies it (see chapters/02-vggish, Sec. 3.1).
 * Not here: kaiser_fast or other filters, multi-channel resampling (VGGish averages channels first).
 */
package workbench.vggish;

public final class Resampler {
    private Resampler() {}

    /** Zero crossings of the windowed sinc on each side. */
    public static final int NUM_ZEROS = 50;
    /** Table entries per zero crossing (resampy's "precision" 2^13). */
    public static final int PRECISION = 1 << 13;
    public static final double ROLLOFF = 0.917347;
    public static final double KAISER_BETA = 12.9846;

    private static volatile double[] halfWindow;

    /**
     * The kaiser_best half window, NUM_ZEROS * PRECISION + 1 = 409601 entries:
     * h[i] = rolloff * sinc(rolloff * i / precision) * I0(beta sqrt(1 - (i / (zeros * precision))^2)) / I0(beta).
     * Built once; callers get the shared array and must not change it.
     */
    public static double[] halfWindow() {
        double[] h = halfWindow;
        if (h == null) {
            int entries = NUM_ZEROS * PRECISION + 1;
            h = new double[entries];
            double i0Beta = besselI0(KAISER_BETA);
            for (int i = 0; i < entries; i++) {
                double x = ROLLOFF * i / PRECISION;
                double sinc = i == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
                double r = (double) i / ((double) NUM_ZEROS * PRECISION);
                double taper = besselI0(KAISER_BETA * Math.sqrt(Math.max(0.0, 1 - r * r))) / i0Beta;
                h[i] = ROLLOFF * sinc * taper;
            }
            halfWindow = h;
        }
        return h;
    }

    /** Modified Bessel function of the first kind, order 0: sum_k ((x/2)^k / k!)^2, to double precision. */
    static double besselI0(double x) {
        double term = 1, sum = 1, q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    /** Output length resampy uses: int(n * sr_new / sr_orig), floor. */
    public static int outputLength(int n, double srOrig, double srNew) {
        return (int) (n * (srNew / srOrig));
    }

    /** resampy.resample(x, srOrig, srNew, filter='kaiser_best') for a 1-D float64 signal. */
    public static double[] resample(double[] x, double srOrig, double srNew) {
        if (!(srOrig > 0) || !(srNew > 0)) {
            throw new IllegalArgumentException("resample: sample rates must be > 0, got " + srOrig + " -> " + srNew);
        }
        double ratio = srNew / srOrig;
        int nOut = outputLength(x.length, srOrig, srNew);
        // resampy raises for an input this short; an empty signal is simply 0 examples further on
        if (nOut < 1) return new double[0];
        double[] table = halfWindow();
        double[] win = table;
        if (ratio < 1) {
            // down-sampling: the filter's cut-off moves down to the new Nyquist, and its gain with it
            win = new double[table.length];
            for (int i = 0; i < win.length; i++) win[i] = ratio * table[i];
        }
        // linear interpolation between table entries: delta[i] = win[i+1] - win[i], last one 0
        double[] delta = new double[win.length];
        for (int i = 0; i + 1 < win.length; i++) delta[i] = win[i + 1] - win[i];
        double scale = Math.min(1.0, ratio);
        int indexStep = (int) (scale * PRECISION);
        int nwin = win.length;
        double[] y = new double[nOut];
        for (int t = 0; t < nOut; t++) {
            double timeRegister = t / ratio;            // input time of output sample t
            int n = (int) timeRegister;                 // the input sample at or just before it
            double frac = scale * (timeRegister - n);   // how far past x[n], in filter time units
            double indexFrac = frac * PRECISION;
            int offset = (int) indexFrac;
            double eta = indexFrac - offset;            // interpolation factor between table entries
            double acc = 0;
            // left wing: x[n], x[n-1], ... at filter times frac, frac + scale, ...
            int iMax = Math.min(n + 1, (nwin - offset) / indexStep);
            for (int i = 0; i < iMax; i++) {
                int at = offset + i * indexStep;
                acc += (win[at] + eta * delta[at]) * x[n - i];
            }
            // right wing: x[n+1], x[n+2], ... at filter times scale - frac, 2 scale - frac, ...
            frac = scale - frac;
            indexFrac = frac * PRECISION;
            offset = (int) indexFrac;
            eta = indexFrac - offset;
            int kMax = Math.min(x.length - n - 1, (nwin - offset) / indexStep);
            for (int k = 0; k < kMax; k++) {
                int at = offset + k * indexStep;
                acc += (win[at] + eta * delta[at]) * x[n + k + 1];
            }
            y[t] = acc;
        }
        return y;
    }
}
