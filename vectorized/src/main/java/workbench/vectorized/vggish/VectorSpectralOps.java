/*
 * Panama twin of workbench.vggish.NaiveSpectralOps: the STFT magnitude and the mel matrix product
 * of the VGGish front end (chapters/02-vggish, Sec. 3.1), in float64 like the naive twin and numpy.
 * Versions: one.
 *   stftMagnitude  per frame: window multiply with lanes = L consecutive samples; radix-2 FFT whose
 *                  butterfly stages with half-size >= L run with lanes = L consecutive butterflies
 *                  (twiddles pre-gathered per stage, so every load is contiguous); the first
 *                  log2(L) stages and non-power-of-two lengths fall back to the scalar loops;
 *                  |X| = sqrt(re^2 + im^2) with lanes over bins (the naive twin uses Math.hypot).
 *   matmul         row i of C = sum_k a[i,k] * row k of B: k outer (B read row by row, C's row kept
 *                  in L1), lanes = L consecutive columns of B and C, fma accumulation in the same
 *                  k order as the naive dot product.
 * Tails: loopBound for the vector part, scalar loop for the rest (< L elements).
 * Expected difference vs naive: fma and sqrt(re^2+im^2) instead of hypot, a few ulps (~1e-15
 * relative); the tests hold both to the same golden tolerances.
 * Run: mvn -pl golden-tests test -Dtest='Vggish*'
 */
package workbench.vectorized.vggish;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import workbench.vggish.DoubleMatrix;
import workbench.vggish.MelFeatures;
import workbench.vggish.NaiveSpectralOps;
import workbench.vggish.SpectralOps;

public final class VectorSpectralOps implements SpectralOps {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() { return "vectorized(" + S.vectorBitSize() + "-bit)"; }

    @Override
    public DoubleMatrix stftMagnitude(double[] signal, int fftLength, int hopLength, int windowLength) {
        if (Integer.bitCount(fftLength) != 1) {
            // not a power of two: only the naive DFT handles it (the front end never asks for one)
            return NaiveSpectralOps.INSTANCE.stftMagnitude(signal, fftLength, hopLength, windowLength);
        }
        if (windowLength > fftLength) {
            throw new IllegalArgumentException("stftMagnitude: window of " + windowLength + " samples does not fit the FFT length " + fftLength);
        }
        int frames = MelFeatures.numFrames(signal.length, windowLength, hopLength);
        int bins = fftLength / 2 + 1;
        double[] window = MelFeatures.periodicHann(windowLength);
        Plan plan = new Plan(fftLength);
        DoubleMatrix out = DoubleMatrix.zeros(frames, bins);
        double[] re = new double[fftLength], im = new double[fftLength];
        for (int f = 0; f < frames; f++) {
            int start = f * hopLength;
            // windowed frame into re[0, windowLength), zeros after it (padding at the end), im = 0
            int t = 0;
            for (int bound = S.loopBound(windowLength); t < bound; t += L) {
                DoubleVector.fromArray(S, signal, start + t).mul(DoubleVector.fromArray(S, window, t)).intoArray(re, t);
            }
            for (; t < windowLength; t++) re[t] = signal[start + t] * window[t];
            java.util.Arrays.fill(re, windowLength, fftLength, 0.0);
            java.util.Arrays.fill(im, 0.0);
            plan.transform(re, im);
            double[] o = out.data();
            int base = f * bins, k = 0;
            for (int bound = S.loopBound(bins); k < bound; k += L) {
                DoubleVector r = DoubleVector.fromArray(S, re, k), i = DoubleVector.fromArray(S, im, k);
                r.mul(r).add(i.mul(i)).sqrt().intoArray(o, base + k);
            }
            for (; k < bins; k++) o[base + k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
        }
        return out;
    }

    /** Bit-reversal permutation and per-stage twiddles for one power-of-two length. */
    private static final class Plan {
        final int n;
        final int[] rev;
        final double[][] wr, wi;     // stage s (size 2^(s+1)): w_k = e^{-2 pi i k / size}, k < size/2

        Plan(int n) {
            this.n = n;
            int bits = Integer.numberOfTrailingZeros(n);
            rev = new int[n];
            for (int i = 0; i < n; i++) rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            wr = new double[bits][];
            wi = new double[bits][];
            for (int s = 0; s < bits; s++) {
                int size = 2 << s, half = size / 2, step = n / size;
                wr[s] = new double[half];
                wi[s] = new double[half];
                for (int k = 0; k < half; k++) {
                    // the same table values as the naive twin: cos/sin(2 pi (k*step) / n)
                    wr[s][k] = Math.cos(2 * Math.PI * (k * step) / n);
                    wi[s][k] = -Math.sin(2 * Math.PI * (k * step) / n);
                }
            }
        }

        void transform(double[] re, double[] im) {
            for (int i = 0; i < n; i++) {
                int j = rev[i];
                if (j > i) {
                    double t = re[i]; re[i] = re[j]; re[j] = t;
                    t = im[i]; im[i] = im[j]; im[j] = t;
                }
            }
            for (int s = 0; s < wr.length; s++) {
                int size = 2 << s, half = size / 2;
                double[] cr = wr[s], ci = wi[s];
                for (int start = 0; start < n; start += size) {
                    int k = 0;
                    if (half >= L) {
                        // lanes = L consecutive butterflies (a = start+k .. start+k+L-1, b = a + half)
                        for (; k < half; k += L) {
                            int a = start + k, b = a + half;
                            DoubleVector w1 = DoubleVector.fromArray(S, cr, k), w2 = DoubleVector.fromArray(S, ci, k);
                            DoubleVector rb = DoubleVector.fromArray(S, re, b), ib = DoubleVector.fromArray(S, im, b);
                            DoubleVector tr = w1.mul(rb).sub(w2.mul(ib));
                            DoubleVector ti = w1.mul(ib).add(w2.mul(rb));
                            DoubleVector ra = DoubleVector.fromArray(S, re, a), ia = DoubleVector.fromArray(S, im, a);
                            ra.sub(tr).intoArray(re, b);
                            ia.sub(ti).intoArray(im, b);
                            ra.add(tr).intoArray(re, a);
                            ia.add(ti).intoArray(im, a);
                        }
                    }
                    for (; k < half; k++) {             // small stages (half < L): scalar, as the naive twin
                        int a = start + k, b = a + half;
                        double tr = cr[k] * re[b] - ci[k] * im[b];
                        double ti = cr[k] * im[b] + ci[k] * re[b];
                        re[b] = re[a] - tr;
                        im[b] = im[a] - ti;
                        re[a] += tr;
                        im[a] += ti;
                    }
                }
            }
        }
    }

    @Override
    public DoubleMatrix matmul(DoubleMatrix a, DoubleMatrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("matmul: " + a.shapeString() + " . " + b.shapeString() + ": inner sizes differ");
        }
        int rows = a.rows(), inner = a.cols(), cols = b.cols();
        double[] A = a.data(), B = b.data();
        DoubleMatrix c = DoubleMatrix.zeros(rows, cols);
        double[] C = c.data();
        int bound = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int ci = i * cols;
            // row i of C accumulates in place (it stays in L1): k outer, so B is read row by row,
            // contiguously; every C element still sums its k terms in ascending k, as the naive twin
            for (int k = 0; k < inner; k++) {
                double aik = A[i * inner + k];
                DoubleVector av = DoubleVector.broadcast(S, aik);
                int bk = k * cols, j = 0;
                for (; j < bound; j += L) {
                    av.fma(DoubleVector.fromArray(S, B, bk + j), DoubleVector.fromArray(S, C, ci + j)).intoArray(C, ci + j);
                }
                for (; j < cols; j++) C[ci + j] = Math.fma(aik, B[bk + j], C[ci + j]);
            }
        }
        return c;
    }
}
