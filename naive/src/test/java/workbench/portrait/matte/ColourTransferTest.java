/*
 * Reinhard transfer's claims (Sec. 4.1): after the transfer the alpha-weighted l-alpha-beta statistics
 * of the person are the reference's (to 1e-6, before rounding); strength 0 is the identity; a transfer
 * onto itself is the identity (exactly, +-0 levels, black included: see LAlphaBeta on the floor).
 */
package workbench.portrait.matte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

class ColourTransferTest {
    static Image8 image(int w, int h, long seed, int base) {
        Random rnd = new Random(seed);
        byte[] d = new byte[w * h * 3];
        for (int i = 0; i < d.length; i++) d[i] = (byte) Math.min(255, base + rnd.nextInt(120) + (i % 3) * 20);
        return new Image8(w, h, 3, d);
    }

    static Matte alpha(int w, int h, long seed) {
        Random rnd = new Random(seed);
        float[] a = new float[w * h];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextInt(4) == 0 ? 0f : rnd.nextFloat();
        return new Matte(w, h, a);
    }

    @Test
    void the_persons_weighted_statistics_become_the_references() {
        Image8 fg = image(17, 13, 1, 30), ref = image(11, 9, 2, 100);
        Matte a = alpha(17, 13, 3), rw = alpha(11, 9, 4);
        double[] out = ColourTransfer.reinhardUnrounded(fg, a, ref, rw, 1.0, LAlphaBeta.Inverse.EXACT);
        double[] lab = new double[out.length];
        for (int i = 0; i < out.length; i += 3) System.arraycopy(LAlphaBeta.fromRgb(out[i], out[i + 1], out[i + 2]), 0, lab, i, 3);
        ColourTransfer.Stats got = ColourTransfer.statistics(lab, a.alpha()), target = ColourTransfer.statistics(ref, rw);
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(got.mean()[c] - target.mean()[c])).as("mean of channel %d", c).isLessThan(1e-6);
            assertThat(Math.abs(got.std()[c] - target.std()[c])).as("std of channel %d", c).isLessThan(1e-6);
        }
        // the source really was different, so the check above is not vacuous
        ColourTransfer.Stats before = ColourTransfer.statistics(fg, a);
        assertThat(Math.abs(before.mean()[0] - target.mean()[0])).isGreaterThan(0.05);
    }

    @Test
    void strength_zero_is_the_identity_and_alpha_zero_pixels_are_untouched() {
        Image8 fg = image(9, 7, 5, 0), ref = image(9, 7, 6, 120);
        Matte a = alpha(9, 7, 7);
        assertThat(ColourTransfer.reinhard(fg, a, ref, null, 0.0)).isEqualTo(fg);
        Image8 moved = ColourTransfer.reinhard(fg, a, ref, null, 1.0);
        assertThat(moved).isNotEqualTo(fg);
        for (int i = 0; i < a.alpha().length; i++) {
            if (a.alpha()[i] == 0) for (int c = 0; c < 3; c++) assertThat(moved.data()[3 * i + c]).isEqualTo(fg.data()[3 * i + c]);
        }
    }

    @Test
    void a_transfer_onto_itself_is_the_identity_black_included() {
        Image8 fg = image(15, 11, 8, 0);
        fg.set(0, 0, 0, 0);
        fg.set(0, 0, 1, 0);
        fg.set(0, 0, 2, 0);
        Matte a = alpha(15, 11, 9);
        a.set(0, 0, 1f);
        for (LAlphaBeta.Inverse inv : LAlphaBeta.Inverse.values()) {
            double[] v = ColourTransfer.reinhardUnrounded(fg, a, fg, a, 1.0, inv);
            double worst = 0;
            for (int i = 0; i < v.length; i++) worst = Math.max(worst, Math.abs(v[i] - (fg.data()[i] & 0xff)));
            System.out.printf(java.util.Locale.ROOT, "transfer onto itself, %s inverse: max |unrounded - input| = %.3g levels%n", inv, worst);
            Image8 back = ColourTransfer.reinhard(fg, a, fg, a, 1.0, inv);
            int moved = 0, most = 0;
            for (int i = 0; i < v.length; i++) {
                int d = Math.abs((back.data()[i] & 0xff) - (fg.data()[i] & 0xff));
                if (d != 0) moved++;
                most = Math.max(most, d);
            }
            System.out.printf(java.util.Locale.ROOT, "  rounded: %d of %d values changed, by at most %d%n", moved, v.length, most);
            if (inv == LAlphaBeta.Inverse.EXACT) {
                // exact inverse: only floating-point error and the black pixel's floor (0.013 levels) remain
                assertThat(worst).as("EXACT inverse, before rounding").isLessThan(0.02);
                assertThat(back).as("EXACT inverse, rounded: +-0 levels").isEqualTo(fg);
            } else {
                // the paper's printed LMS->RGB matrix is not the inverse of its RGB->LMS (entries differ by up
                // to 0.017), so a round trip moves colours by up to ~1 level: +-1 after rounding
                assertThat(worst).as("PAPER inverse, before rounding").isGreaterThan(0.1).isLessThan(1.5);
                assertThat(most).as("PAPER inverse, rounded").isLessThanOrEqualTo(1);
                assertThat(moved).isPositive();
            }
        }
    }

    @Test
    void the_exact_inverse_inverts_and_the_papers_is_close() {
        double[][] m = LAlphaBeta.RGB_TO_LMS, e = LAlphaBeta.LMS_TO_RGB_EXACT, p = LAlphaBeta.LMS_TO_RGB_PAPER;
        double worstPaper = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double id = 0;
                for (int k = 0; k < 3; k++) id += e[i][k] * m[k][j];
                assertThat(id).isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(1e-12));
                worstPaper = Math.max(worstPaper, Math.abs(e[i][j] - p[i][j]));
            }
        }
        // not a rounding of the exact inverse: the printed matrices come from the XYZ route, rounded separately
        assertThat(worstPaper).as("largest entry difference, paper vs exact inverse").isBetween(0.01, 0.02);
    }

    @Test
    void the_cie_lab_variant_round_trips_and_keeps_strength_zero_and_self_transfer_as_identities() {
        // sRGB decoding: known values of the IEC formula
        assertThat(CieLab.linearise(0.5)).isCloseTo(0.214041, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(CieLab.encode(CieLab.linearise(0.03))).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(CieLab.fromSrgb(255, 255, 255)[0]).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-3));
        double worst = 0;
        for (int r = 0; r < 256; r += 15) {
            for (int g = 0; g < 256; g += 15) {
                for (int b = 0; b < 256; b += 15) {
                    double[] back = CieLab.toSrgb(CieLab.fromSrgb(r, g, b));
                    worst = Math.max(worst, Math.max(Math.abs(back[0] - r), Math.max(Math.abs(back[1] - g), Math.abs(back[2] - b))));
                }
            }
        }
        // OpenCV's XYZ -> RGB matrix is printed to 6 decimals, so the round trip is close, not exact
        // (0.0045 levels at worst over the whole cube, at saturated cyan)
        assertThat(worst).as("sRGB -> Lab -> sRGB, levels").isLessThan(0.01);
        Image8 fg = image(13, 9, 10, 0), ref = image(7, 5, 11, 90);
        Matte a = alpha(13, 9, 12);
        assertThat(ColourTransfer.reinhardCieLab(fg, a, ref, null, 0.0)).isEqualTo(fg);
        assertThat(ColourTransfer.reinhardCieLab(fg, a, fg, a, 1.0)).isEqualTo(fg);
        assertThat(ColourTransfer.reinhardCieLab(fg, a, ref, null, 1.0)).isNotEqualTo(fg);
    }

    @Test
    void bad_inputs_are_named() {
        Image8 fg = image(4, 3, 1, 0);
        assertThatThrownBy(() -> ColourTransfer.reinhard(fg, new Matte(3, 4), fg, null, 1)).hasMessageContaining("alpha is 3x4");
        assertThatThrownBy(() -> ColourTransfer.reinhard(fg, new Matte(4, 3), fg, null, 1.5)).hasMessageContaining("strength");
        assertThatThrownBy(() -> ColourTransfer.reinhard(new Image8(4, 3, 1), new Matte(4, 3), fg, null, 1)).hasMessageContaining("RGB");
    }
}
