/*
 * Exponential moving average of the matte (lesson Sec. 5.2):
 *   m_0 = p_0,   m_t = beta * m_{t-1} + (1 - beta) * p_t
 * beta is the weight of the past: 0 is no smoothing, 0.8 keeps 80 % of the history each frame. The
 * average lags a moving person by about beta / (1 - beta) frames, which is why a strong EMA looks
 * steady (low naive flicker) while it ghosts (low IoU): Sec. 5.3.
 * Computed in float32 in this order, as the generator's numpy transcription does.
 */
package workbench.portrait.temporal;

import java.util.Locale;
import workbench.portrait.image.Matte;

public final class EmaSmoother implements MaskSmoother {
    private final float beta;
    private Matte history;

    public EmaSmoother(float beta) {
        if (!(beta >= 0f && beta < 1f)) {
            throw new IllegalArgumentException("EMA beta must be in [0, 1), got " + beta + "\n  ---> HINT: 0.5 is mild, 0.8 strong (and laggy).");
        }
        this.beta = beta;
    }

    @Override
    public Matte next(Matte p) {
        if (history == null) {
            history = new Matte(p.width(), p.height(), p.alpha().clone());     // m_0 = p_0
            return history;
        }
        MaskSmoother.requireSameSize(history, p);
        float oneMinusBeta = 1f - beta;
        float[] m = history.alpha(), pt = p.alpha(), out = new float[m.length];
        for (int i = 0; i < out.length; i++) out[i] = beta * m[i] + oneMinusBeta * pt[i];
        history = new Matte(p.width(), p.height(), out);
        return history;
    }

    @Override
    public void reset() { history = null; }

    @Override
    public String describe() { return String.format(Locale.ROOT, "ema:%s", beta); }
}
