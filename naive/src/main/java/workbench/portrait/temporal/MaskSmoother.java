/*
 * Temporal smoothing of a per-frame person matte (lesson Sec. 5.2): the smoother sees the frames in
 * order and returns the matte to composite with. Implementations name the rule: EmaSmoother (exponential
 * moving average), GatedEmaSmoother (EMA for small changes, follow large ones at once), HysteresisSmoother
 * (two thresholds), or none. Parse a command-line choice with MaskSmoother.parse.
 * Not here: optical-flow-warped smoothing (it would first move the history with the person).
 */
package workbench.portrait.temporal;

import java.util.Locale;
import workbench.portrait.image.Matte;

public interface MaskSmoother {
    /** The matte for this frame, given the network's (or user's) matte p_t; frames come in order. */
    Matte next(Matte p);

    /** Forget the history (a new shot starts). */
    void reset();

    /** How the rule is written on the command line and in reports, e.g. "ema:0.8". */
    String describe();

    /** No smoothing: every frame's matte as it comes. */
    MaskSmoother NONE = new MaskSmoother() {
        @Override public Matte next(Matte p) { return p; }
        @Override public void reset() { }
        @Override public String describe() { return "none"; }
    };

    /** "none", "ema:BETA", "gated:BETA:GATE", "hysteresis:LOW:HIGH". */
    static MaskSmoother parse(String spec) {
        String[] p = spec.toLowerCase(Locale.ROOT).strip().split(":");
        try {
            switch (p[0]) {
                case "none":
                    if (p.length == 1) return NONE;
                    break;
                case "ema":
                    if (p.length == 2) return new EmaSmoother(Float.parseFloat(p[1]));
                    break;
                case "gated":
                    if (p.length == 3) return new GatedEmaSmoother(Float.parseFloat(p[1]), Float.parseFloat(p[2]));
                    break;
                case "hysteresis":
                    if (p.length == 3) return new HysteresisSmoother(Float.parseFloat(p[1]), Float.parseFloat(p[2]));
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--smooth '" + spec + "': expected none, ema:BETA, gated:BETA:GATE or hysteresis:LOW:HIGH"
                + "\n  ---> HINT: e.g. --smooth ema:0.5, --smooth gated:0.8:0.3, --smooth hysteresis:0.35:0.65 (Sec. 5.2).");
    }

    /** Same size check for every rule. */
    static void requireSameSize(Matte history, Matte p) {
        if (history.width() != p.width() || history.height() != p.height()) {
            throw new IllegalArgumentException("temporal smoothing: frame matte is " + p.width() + "x" + p.height() + ", the previous one "
                    + history.width() + "x" + history.height() + "\n  ---> HINT: every frame of a clip must have the same size; call reset() at a cut.");
        }
    }
}
