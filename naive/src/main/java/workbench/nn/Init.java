/*
 * Seeded random weights for tests and demos, with the golden generators' distributions:
 * conv/linear weights ~ N(0, 1/fan_in), biases ~ N(0, 0.1); BatchNorm gamma ~ U(0.5, 1.5),
 * beta ~ N(0, 0.2), running_mean ~ N(0, 0.3), running_var ~ U(0.4, 2.0). Randomised BN statistics
 * make a skipped BN or a fusion that forgets a term visible. Modules are visited in tree order, so
 * the same seed gives the same weights. Not torch's initialisation (kaiming_normal etc.): the goal
 * here is to exercise every parameter, not to train.
 */
package workbench.nn;

import java.util.SplittableRandom;
import workbench.tensor.Tensor;

public final class Init {
    private Init() {}

    /** Fills a chapter-specific module type; returns false for types it does not know. */
    @FunctionalInterface
    public interface Extra {
        boolean apply(Module m, SplittableRandom rng);
    }

    public static <M extends Module> M randomize(M model, long seed) {
        return randomize(model, seed, (m, rng) -> false);
    }

    /** As {@link #randomize(Module, long)}, with {@code extra} asked first about every module. */
    public static <M extends Module> M randomize(M model, long seed, Extra extra) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Module m : model.namedModules().values()) {
            if (extra.apply(m, rng)) continue;
            if (m instanceof Conv2d c) {
                normal(c.weight, rng, Math.sqrt(1.0 / (c.weight.numel() / c.outChannels)));
                if (c.bias != null) normal(c.bias, rng, 0.1);
            } else if (m instanceof Linear l) {
                normal(l.weight, rng, Math.sqrt(1.0 / l.inFeatures));
                normal(l.bias, rng, 0.1);
            } else if (m instanceof BatchNorm2d b) {
                uniform(b.weight, rng, 0.5, 1.5);
                normal(b.bias, rng, 0.2);
                normal(b.runningMean, rng, 0.3);
                uniform(b.runningVar, rng, 0.4, 2.0);
            }
        }
        return model;
    }

    /** N(0, std^2) by Box-Muller. */
    public static void normal(Tensor t, SplittableRandom rng, double std) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            double u1 = rng.nextDouble(), u2 = rng.nextDouble();
            d[i] = (float) (std * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
    }

    /** U[lo, hi). */
    public static void uniform(Tensor t, SplittableRandom rng, double lo, double hi) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
}
