/*
 * Gated EMA (lesson Sec. 5.2): average only where the matte changed a little, follow a large change at once.
 *   m_t = beta * m_{t-1} + (1 - beta) * p_t   where |p_t - m_{t-1}| < gate   (small change: treat as noise)
 *   m_t = p_t                                  elsewhere                      (large change: the person moved)
 * The gate is a confidence test on the change: a pixel the network flips with conviction is believed,
 * a wobble is smoothed. This removes most of the EMA's ghosting, and most of its smoothing with it.
 * float32, in the generator's order.
 */
package workbench.portrait.temporal;

import java.util.Locale;
import workbench.portrait.image.Matte;

public final class GatedEmaSmoother implements MaskSmoother {
    private final float beta, gate;
    private Matte history;

    public GatedEmaSmoother(float beta, float gate) {
        if (!(beta >= 0f && beta < 1f)) throw new IllegalArgumentException("gated EMA beta must be in [0, 1), got " + beta);
        if (!(gate > 0f && gate <= 1f)) {
            throw new IllegalArgumentException("gated EMA gate must be in (0, 1], got " + gate + "\n  ---> HINT: 0.3 smooths wobbles below 0.3.");
        }
        this.beta = beta;
        this.gate = gate;
    }

    @Override
    public Matte next(Matte p) {
        if (history == null) {
            history = new Matte(p.width(), p.height(), p.alpha().clone());
            return history;
        }
        MaskSmoother.requireSameSize(history, p);
        float oneMinusBeta = 1f - beta;
        float[] m = history.alpha(), pt = p.alpha(), out = new float[m.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(pt[i] - m[i]) < gate ? beta * m[i] + oneMinusBeta * pt[i] : pt[i];
        }
        history = new Matte(p.width(), p.height(), out);
        return history;
    }

    @Override
    public void reset() { history = null; }

    @Override
    public String describe() { return String.format(Locale.ROOT, "gated:%s:%s", beta, gate); }
}
