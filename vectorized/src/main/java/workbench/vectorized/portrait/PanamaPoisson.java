/*
 * Vector API twin of workbench.portrait.blend.NaivePoisson (Sec. 3.2 step 10 and Sec. 3.3 of the
 * chapter 04 lesson). Same contract, same double precision; the loops differ:
 *
 * solveSpectral - the DST-I as four products with cached sine matrices, each written as row AXPYs:
 *   T[j, :] += S[j, k] * R[k, :]. Lanes hold L consecutive columns of one row (L = 4 doubles at 256
 *   bits); the scalar S[j, k] is broadcast, the row of R is a contiguous load, one FMA per vector.
 *   Columns past loopBound(nx) run as a scalar tail. The naive twin sums each dot product in
 *   index order; here a product is accumulated over k in the same order per column, so results
 *   agree to a few ulps (FMA vs separate multiply-add).
 * solveMasked - conjugate gradients instead of SOR (a different iteration to the same solution:
 *   both stop at max|residual| <= the system's tolerance, checked on the true residual). The grid is
 *   cut to Omega's bounding box and padded by one zero pixel on every side, so the 5-point product
 *   is one flat loop over the padded array: lanes hold L consecutive pixels; neighbours are the loads at offsets -1, +1, -W, +W;
 *   a 0/1 vector of Omega zeroes the lanes outside the region. Dot products reduce lane-wise, then across lanes.
 * Width: one static final species per JVM (preferred, or -Dwb.poisson.bits=128|256|512).
 * Run: mvn -pl naive,vectorized,golden-tests -am test -Dtest='PortraitBlend*,PanamaPoisson*' -Dsurefire.failIfNoSpecifiedTests=false
 *      (add -Dwb.test.argLine=-Dwb.poisson.bits=128 for the 128-bit lanes).
 */
package workbench.vectorized.portrait;

import java.util.LinkedHashMap;
import java.util.Map;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import workbench.portrait.blend.NaivePoisson;
import workbench.portrait.blend.PoissonOps;

public final class PanamaPoisson implements PoissonOps {
    /**
     * The lanes. C2 turns Vector API calls into vector instructions only when the SPECIES is a
     * constant, i.e. a static final field; an instance field runs several times slower. So the width
     * is fixed per JVM: the preferred one, or -Dwb.poisson.bits=128|256|512 (the twin test runs in a
     * JVM per width).
     */
    static final VectorSpecies<Double> SPECIES = speciesFromProperty();
    /**
     * Sine matrices of the last few sizes (a video's ROI changes size from frame to frame; an n x n
     * matrix of a 1000-pixel side is 8 MB, so the cache keeps only the most recently used ones).
     */
    private final Map<Integer, double[]> sines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, double[]> eldest) { return size() > SINE_CACHE; }
    };
    static final int SINE_CACHE = 6;

    /** CG restarts from the current iterate when the recursively updated residual has drifted (rare). */
    static final int MAX_ITERATIONS = 100_000;

    public PanamaPoisson() {}

    static VectorSpecies<Double> speciesFromProperty() {
        String bits = System.getProperty("wb.poisson.bits");
        if (bits == null || bits.isBlank()) return DoubleVector.SPECIES_PREFERRED;
        return switch (bits.trim()) {
            case "128" -> DoubleVector.SPECIES_128;
            case "256" -> DoubleVector.SPECIES_256;
            case "512" -> DoubleVector.SPECIES_512;
            default -> throw new IllegalArgumentException("-Dwb.poisson.bits must be 128, 256 or 512, got '" + bits + "'");
        };
    }

    @Override
    public String name() { return "panama(" + SPECIES.vectorBitSize() + "-bit)"; }

    private double[] sine(int n) {
        synchronized (sines) {
            return sines.computeIfAbsent(n, NaivePoisson::sineMatrix);
        }
    }

    @Override
    public double[] solveSpectral(double[] rhs, int nx, int ny, double[] denominator) {
        if (nx <= 0 || ny <= 0 || rhs.length != nx * ny || denominator.length != nx * ny) {
            throw new IllegalArgumentException("solveSpectral: a " + nx + "x" + ny + " grid needs rhs and denominator of "
                    + ((long) nx * ny) + " values, got " + rhs.length + " and " + denominator.length);
        }
        double[] sx = sine(nx), sy = sine(ny);
        double[] hat = rightMultiply(leftMultiply(sy, rhs, ny, nx), sx, ny, nx);
        int i = 0;
        for (; i < SPECIES.loopBound(hat.length); i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, hat, i).div(DoubleVector.fromArray(SPECIES, denominator, i)).intoArray(hat, i);
        }
        for (; i < hat.length; i++) hat[i] /= denominator[i];
        double[] u = rightMultiply(leftMultiply(sy, hat, ny, nx), sx, ny, nx);
        double scale = 4.0 / ((nx + 1.0) * (ny + 1.0));
        for (i = 0; i < SPECIES.loopBound(u.length); i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, u, i).mul(scale).intoArray(u, i);
        }
        for (; i < u.length; i++) u[i] *= scale;
        return u;
    }

    /** S (ny x ny) times R (ny x nx): row j of the result is sum_k S[j, k] * row k of R. */
    private double[] leftMultiply(double[] s, double[] r, int ny, int nx) {
        double[] out = new double[ny * nx];
        int bound = SPECIES.loopBound(nx);
        for (int j = 0; j < ny; j++) {
            int o = j * nx;
            for (int k = 0; k < ny; k++) axpy(s[j * ny + k], r, k * nx, out, o, nx, bound);
        }
        return out;
    }

    /** T (ny x nx) times S (nx x nx): row j of the result is sum_k T[j, k] * row k of S. */
    private double[] rightMultiply(double[] t, double[] s, int ny, int nx) {
        double[] out = new double[ny * nx];
        int bound = SPECIES.loopBound(nx);
        for (int j = 0; j < ny; j++) {
            int o = j * nx;
            for (int k = 0; k < nx; k++) axpy(t[o + k], s, k * nx, out, o, nx, bound);
        }
        return out;
    }

    /** out[o .. o + n) += a * x[xo .. xo + n): broadcast a, FMA per vector, scalar tail. */
    private void axpy(double a, double[] x, int xo, double[] out, int o, int n, int bound) {
        DoubleVector va = DoubleVector.broadcast(SPECIES, a);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, x, xo + i).fma(va, DoubleVector.fromArray(SPECIES, out, o + i)).intoArray(out, o + i);
        }
        for (; i < n; i++) out[o + i] = Math.fma(a, x[xo + i], out[o + i]);
    }

    @Override
    public double[] solveMasked(MaskedSystem sys) {
        int w = sys.width(), h = sys.height();
        // Work on Omega's bounding box only, padded by one zero pixel on every side, so every
        // neighbour load is in bounds and no lane is spent far outside the region.
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int p = 0; p < w * h; p++) {
            if (!sys.omega()[p]) continue;
            x0 = Math.min(x0, p % w); x1 = Math.max(x1, p % w);
            y0 = Math.min(y0, p / w); y1 = Math.max(y1, p / w);
        }
        if (x1 < 0) return new double[w * h];
        int cw = x1 - x0 + 1, chh = y1 - y0 + 1, pw = cw + 2, n = pw * (chh + 2);
        double[] inside = new double[n], diag = new double[n], b = new double[n];
        for (int y = 0; y < chh; y++) {
            for (int x = 0; x < cw; x++) {
                int p = (y + y0) * w + x + x0, q = (y + 1) * pw + x + 1;
                if (!sys.omega()[p]) continue;
                inside[q] = 1;
                diag[q] = sys.diagonal()[p];
                b[q] = sys.b()[p];
            }
        }
        double[] f = new double[n], r = new double[n], d = new double[n], ad = new double[n];
        double tol = sys.residualTolerance();
        for (int it = 0; it < MAX_ITERATIONS; ) {
            // (Re)start: r = b - A f, d = r.
            apply(f, ad, inside, diag, pw, n);
            for (int i = 0; i < n; i++) r[i] = (b[i] - ad[i]) * inside[i];
            System.arraycopy(r, 0, d, 0, n);
            double rr = dot(r, r);
            boolean converged = maxAbs(r) <= tol * 0.5;   // the same margin as below, so a restart always iterates
            it++;                                           // a restart counts, so the loop cannot spin
            while (!converged && it < MAX_ITERATIONS) {
                it++;
                apply(d, ad, inside, diag, pw, n);
                double step = rr / dot(d, ad);
                double rrNew = update(f, r, d, ad, step);
                converged = maxAbs(r) <= tol * 0.5;        // the recursive residual; the true one is checked below
                double ratio = rrNew / rr;
                rr = rrNew;
                direction(d, r, ratio);
            }
            double[] out = unpad(f, w, h, pw, x0, y0, cw, chh);
            if (sys.maxResidual(out) <= tol) return out;
        }
        throw new IllegalStateException("CG did not reach max|residual| <= " + tol + " in " + MAX_ITERATIONS + " iterations"
                + "\n  ---> HINT: is a diagonal entry smaller than its neighbour count (the system is then not positive definite)?");
    }

    /** out = inside * (diag * v - v[-1] - v[+1] - v[-pw] - v[+pw]) over the padded grid; lanes = consecutive pixels. */
    private void apply(double[] v, double[] out, double[] inside, double[] diag, int pw, int n) {
        int start = pw, end = n - pw, i = start;
        for (; i + SPECIES.length() <= end; i += SPECIES.length()) {
            DoubleVector s = DoubleVector.fromArray(SPECIES, v, i - 1).add(DoubleVector.fromArray(SPECIES, v, i + 1))
                    .add(DoubleVector.fromArray(SPECIES, v, i - pw)).add(DoubleVector.fromArray(SPECIES, v, i + pw));
            DoubleVector.fromArray(SPECIES, diag, i).mul(DoubleVector.fromArray(SPECIES, v, i)).sub(s)
                    .mul(DoubleVector.fromArray(SPECIES, inside, i)).intoArray(out, i);
        }
        for (; i < end; i++) out[i] = inside[i] * (diag[i] * v[i] - v[i - 1] - v[i + 1] - v[i - pw] - v[i + pw]);
    }

    /** d = r + ratio d (the next conjugate direction). */
    private void direction(double[] d, double[] r, double ratio) {
        DoubleVector vr = DoubleVector.broadcast(SPECIES, ratio);
        int i = 0;
        for (; i < SPECIES.loopBound(d.length); i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, d, i).fma(vr, DoubleVector.fromArray(SPECIES, r, i)).intoArray(d, i);
        }
        for (; i < d.length; i++) d[i] = r[i] + ratio * d[i];
    }

    /** f += step d; r -= step ad; returns r.r. */
    private double update(double[] f, double[] r, double[] d, double[] ad, double step) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        DoubleVector vs = DoubleVector.broadcast(SPECIES, step), vm = DoubleVector.broadcast(SPECIES, -step);
        int i = 0;
        for (; i < SPECIES.loopBound(f.length); i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, d, i).fma(vs, DoubleVector.fromArray(SPECIES, f, i)).intoArray(f, i);
            DoubleVector ri = DoubleVector.fromArray(SPECIES, ad, i).fma(vm, DoubleVector.fromArray(SPECIES, r, i));
            ri.intoArray(r, i);
            acc = ri.fma(ri, acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < f.length; i++) {
            f[i] += step * d[i];
            r[i] -= step * ad[i];
            s += r[i] * r[i];
        }
        return s;
    }

    private double dot(double[] a, double[] b) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(a.length); i += SPECIES.length()) {
            acc = DoubleVector.fromArray(SPECIES, a, i).fma(DoubleVector.fromArray(SPECIES, b, i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private double maxAbs(double[] a) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int i = 0;
        for (; i < SPECIES.loopBound(a.length); i += SPECIES.length()) acc = acc.max(DoubleVector.fromArray(SPECIES, a, i).abs());
        double m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
        return m;
    }

    /** The padded box back into a w x h grid (0 outside the box; the box is 0 outside Omega). */
    private static double[] unpad(double[] f, int w, int h, int pw, int x0, int y0, int cw, int ch) {
        double[] out = new double[w * h];
        for (int y = 0; y < ch; y++) System.arraycopy(f, (y + 1) * pw + 1, out, (y + y0) * w + x0, cw);
        return out;
    }
}
