/*
 * Hysteresis on the matte (lesson Sec. 5.2): a pixel switches to person only above `high`, back to
 * background only below `low`, and keeps its state in between:
 *   s_0 = [p_0 >= 0.5],   s_t = 1 if p_t > high,  0 if p_t < low,  s_{t-1} otherwise
 * The output is binary (0 or 1). It removes flicker of pixels that hover around 0.5 without the lag
 * of an average, but it keeps a pixel's wrong state as long as p stays between the thresholds.
 */
package workbench.portrait.temporal;

import java.util.Locale;
import workbench.portrait.image.Matte;

public final class HysteresisSmoother implements MaskSmoother {
    private final float low, high;
    private Matte state;

    public HysteresisSmoother(float low, float high) {
        if (!(low >= 0f && low <= high && high <= 1f)) {
            throw new IllegalArgumentException("hysteresis thresholds must satisfy 0 <= low <= high <= 1, got low " + low + ", high " + high
                    + "\n  ---> HINT: e.g. hysteresis:0.35:0.65.");
        }
        this.low = low;
        this.high = high;
    }

    @Override
    public Matte next(Matte p) {
        float[] pt = p.alpha(), out = new float[pt.length];
        if (state == null) {
            for (int i = 0; i < out.length; i++) out[i] = pt[i] >= 0.5f ? 1f : 0f;
        } else {
            MaskSmoother.requireSameSize(state, p);
            float[] s = state.alpha();
            for (int i = 0; i < out.length; i++) out[i] = pt[i] > high ? 1f : pt[i] < low ? 0f : s[i];
        }
        state = new Matte(p.width(), p.height(), out);
        return state;
    }

    @Override
    public void reset() { state = null; }

    @Override
    public String describe() { return String.format(Locale.ROOT, "hysteresis:%s:%s", low, high); }
}
