/*
 * Twin test for chapter 03: the same block on NaiveKernels and on VectorKernels (every species
 * width the CPU has, of 128/256/512) gives the same outputs, in training form and in deploy form, on random
 * configurations the golden set does not have - grouped and strided 1xK / Kx1 convs with
 * asymmetric padding (ACNet), cropped inputs, KxK convs with padding 0 after BNAndPad (DBB), 5x5
 * kernels, spatial sizes that are not multiples of the lane count, and a 1x1 map.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.reparam.ACBlock;
import workbench.reparam.DiverseBranchBlock;
import workbench.reparam.RepVGGBlock;
import workbench.reparam.RepVGGs;
import workbench.reparam.Reparameterizable;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

class ReparamTwinTest {
    /** Same math, FMA and lane-wise summation order: |vec - naive| <= 1e-5 x max(1, max|naive|). */
    static final double TWIN = 1e-5;

    record Config(String what, Supplier<Module> make, int[] input) {}

    static List<Config> configs() {
        List<Config> c = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(33);
        for (int t = 0; t < 18; t++) {
            int g = new int[] {1, 2, 4}[rng.nextInt(3)], in = g * (1 + rng.nextInt(5)), out = g * (1 + rng.nextInt(5));
            int s = 1 + rng.nextInt(2), k = rng.nextBoolean() ? 3 : 5, h = k + rng.nextInt(14), w = k + rng.nextInt(21);
            int p = rng.nextInt(k / 2 + 2);
            switch (t % 3) {
                case 0 -> c.add(new Config("RepVGGBlock " + in + "->" + out + " s" + s + " g" + g, () -> new RepVGGBlock(in, out, s, g, false, false),
                        new int[] {2, in, h, w}));
                case 1 -> {
                    int dIn = g >= out ? out : in;          // depthwise DBB needs in == out
                    c.add(new Config("DBB " + dIn + "->" + out + " k" + k + " s" + s + " g" + g,
                            () -> new DiverseBranchBlock(dIn, out, k, s, k / 2, g, false), new int[] {2, dIn, h, w}));
                }
                default -> c.add(new Config("ACBlock " + in + "->" + out + " k" + k + " s" + s + " p" + p + " g" + g,
                        () -> new ACBlock(in, out, k, s, p, g, false), new int[] {2, in, h, w}));
            }
        }
        c.add(new Config("RepVGGBlock on a 1x1 map", () -> new RepVGGBlock(8, 8, 1, 1, false, false), new int[] {1, 8, 1, 1}));
        c.add(new Config("DBB depthwise 16 k5 s2", () -> new DiverseBranchBlock(16, 16, 5, 2, 2, 16, false), new int[] {1, 16, 13, 11}));
        return c;
    }

    @Test
    void vectorized_blocks_match_naive_for_every_species_in_both_forms() {
        // every width this CPU has (forBits refuses wider ones): 128 always, 256 and 512 where present
        List<Kernels> vecs = new ArrayList<>();
        for (int bits = 128; bits <= VectorKernels.PREFERRED.vectorBitSize(); bits *= 2) vecs.add(VectorKernels.forBits(bits));
        int checked = 0;
        for (Config cfg : configs()) {
            for (boolean deploy : new boolean[] {false, true}) {
                Module m = RepVGGs.randomize(cfg.make().get(), 17);
                if (deploy) ((Reparameterizable) m).switchToDeploy();
                Tensor x = Tensor.randn(5, cfg.input());
                Tensor ref = m.call(x, Context.of(NaiveKernels.INSTANCE));
                for (Kernels v : vecs) {
                    Tensor got = m.call(x, Context.of(v));
                    double bound = TWIN * Math.max(1, ref.maxAbs());
                    assertThat((double) ref.maxAbsDiff(got)).as(cfg.what() + (deploy ? " (deploy)" : " (train)") + " on " + v.name()
                            + ", input " + x.shapeString()).isLessThanOrEqualTo(bound);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(configs().size() * 2 * vecs.size()).isGreaterThan(0);
    }
}
