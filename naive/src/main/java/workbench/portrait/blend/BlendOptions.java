/*
 * The knobs of the blending variants (Sec. 3.4 of the lesson). defaults() is what the video
 * pipeline uses; with*() return changed copies.
 *   threshold       alpha >= threshold is the person in the hard mask of P0, P2, P3, P4 and P6
 *   flag            the guidance field of P2, P4, P5, P6 (NORMAL, MIXED, MONOCHROME)
 *   mixedTextbook   P3 with Perez's per-link mixed gradients instead of the source's gradients
 *   epsilon         P4's screening weight (0 = plain Poisson; large = cut and paste)
 *   beta            P6's EMA weight of the previous frames' mean offset (0 = no smoothing = P2)
 *   textbookBase    P5 and P6 solve P3 instead of P2
 */
package workbench.portrait.blend;

public record BlendOptions(float threshold, CloneFlag flag, boolean mixedTextbook, double epsilon, double beta,
                           boolean textbookBase) {
    public BlendOptions {
        if (!(threshold > 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("BlendOptions.threshold must be in (0, 1], got " + threshold
                    + "\n  ---> HINT: alpha >= threshold marks the person; 0.5 is the usual choice.");
        }
        if (flag == null) throw new IllegalArgumentException("BlendOptions.flag is null; use CloneFlag.NORMAL");
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("BlendOptions.epsilon (P4 screening) must be finite and >= 0, got " + epsilon);
        }
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("BlendOptions.beta (P6 EMA) must be in [0, 1), got " + beta
                    + "\n  ---> HINT: 0 turns smoothing off, 0.8 keeps 80 % of the previous frames' offset.");
        }
    }

    public static BlendOptions defaults() {
        return new BlendOptions(0.5f, CloneFlag.NORMAL, false, 0.05, 0.8, false);
    }

    public BlendOptions withThreshold(float t) { return new BlendOptions(t, flag, mixedTextbook, epsilon, beta, textbookBase); }
    public BlendOptions withFlag(CloneFlag f) { return new BlendOptions(threshold, f, mixedTextbook, epsilon, beta, textbookBase); }
    public BlendOptions withMixedTextbook(boolean m) { return new BlendOptions(threshold, flag, m, epsilon, beta, textbookBase); }
    public BlendOptions withEpsilon(double e) { return new BlendOptions(threshold, flag, mixedTextbook, e, beta, textbookBase); }
    public BlendOptions withBeta(double b) { return new BlendOptions(threshold, flag, mixedTextbook, epsilon, b, textbookBase); }
    public BlendOptions withTextbookBase(boolean t) { return new BlendOptions(threshold, flag, mixedTextbook, epsilon, beta, t); }
}
