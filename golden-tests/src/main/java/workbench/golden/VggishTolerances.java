/*
 * The named tolerances of chapter 02 (VGGish). The official front end runs in float64 and the
 * shared files store its values rounded to float32; ours runs in float64 too, so most bounds are a
 * little above float32 rounding of the stored values (shared/golden/README.md, "Observed
 * tolerances"). None was widened to make a test pass.
 */
package workbench.golden;

public final class VggishTolerances {
    private VggishTolerances() {}

    /** Integers read from a file (int16 PCM) and quantised bytes (uint8): nothing may differ. */
    public static final Tol EXACT = new Tol(0, 0, false, "integers: read from the file or truncated to uint8 by the same rule");

    /** Samples, windows and weights in [-1, 1] computed in float64 and stored as float32 (ulp 6e-8). */
    public static final Tol FLOAT64_UNIT = new Tol(1e-7, 0, false,
            "float64 values of magnitude <= 1 stored as float32 (rounding <= 6e-8); same formula in float64");

    /** Resampled waveform: the same kaiser_best table and accumulation order, float64. */
    public static final Tol WAVEFORM = new Tol(1e-6, 0, false,
            "float64 resampy kaiser_best in the same tap order; README suggests 1e-6 for a float64 port");

    /** |rfft| and mel energies: values up to ~130, float64 FFT vs numpy's pocketfft. */
    public static final Tol SPECTRUM = new Tol(1e-6, 1e-4, true,
            "1e-4 relative per element (float32 storage is 6e-8 relative), plus 1e-6 x max for near-empty bins");

    /** ln(mel + offset) and the examples framed from it, from the WAV through our float64 pipeline. */
    public static final Tol LOG_MEL = new Tol(1e-5, 0, false,
            "float64 pipeline from the WAV; README: 1e-5 for float64 (acceptance bound for float32 is 1e-3)");

    /** hertz_to_mel: values up to ~2900 mel stored as float32 (ulp 2.4e-4). */
    public static final Tol MEL_SCALE = new Tol(0, 1e-7, false, "float64 values stored as float32: 6e-8 relative");

    /** PCA output and the pre-cast quantised values: float32 arithmetic as numpy's with the npz's float32. */
    public static final Tol PCA_F32 = new Tol(1e-5, 1e-5, false,
            "float32 results of a 128-term dot product (numpy: sgemm; ours: float64 sum rounded once)");

    public static final Tol QUANTIZED_F32 = new Tol(1e-3, 0, false,
            "(clip + 2) * 63.75 in float32 from PCA values that may differ by 1e-5 x 63.75");
}
