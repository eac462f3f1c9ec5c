/*
 * Front-end facts the golden files do not spell out: the periodic (not symmetric) Hann window,
 * the FFT against the DFT definition, Python's round-half-even in the sample counts, and the
 * smoke test's honesty about what it checked without real weights.
 */
package workbench.vggish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workbench.kernels.NaiveKernels;

class FrontEndTest {
    @Test
    void the_periodic_hann_window_is_the_symmetric_one_of_n_plus_1_points_without_its_last() {
        double[] p = MelFeatures.periodicHann(400);
        assertThat(p[0]).isZero();
        assertThat(p[200]).isEqualTo(1.0);            // the peak sits at n = N/2, the symmetric window has no sample there
        for (int n = 0; n < 400; n++) assertThat(p[n]).isCloseTo(0.5 - 0.5 * Math.cos(2 * Math.PI * n / 400), within(1e-15));
        // np.hanning(400) = 0.5 - 0.5 cos(2 pi n / 399): a different window, ends both zero
        assertThat(Math.abs(p[399] - 0.0)).isGreaterThan(1e-5);
    }

    @Test
    void the_radix_2_fft_matches_the_dft_definition() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() - 0.5;
        double[] got = new double[257];
        new Fft(512).magnitude(x, got, 0);
        for (int k = 0; k <= 256; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < x.length; t++) {
                re += x[t] * Math.cos(2 * Math.PI * k * t / 512);
                im -= x[t] * Math.sin(2 * Math.PI * k * t / 512);
            }
            assertThat(got[k]).isCloseTo(Math.hypot(re, im), within(1e-11));
        }
    }

    @Test
    void sample_counts_follow_vggish_params() {
        assertThat(VggishParams.windowLengthSamples(16000)).isEqualTo(400);
        assertThat(VggishParams.hopLengthSamples(16000)).isEqualTo(160);
        assertThat(VggishParams.fftLength(400)).isEqualTo(512);
        assertThat(VggishParams.exampleWindowFrames()).isEqualTo(96);
        assertThat(VggishParams.pythonRound(2.5)).isEqualTo(2);        // Python's round(): half to even
        assertThat(MelFeatures.numFrames(15_600, 400, 160)).isEqualTo(96);
        assertThat(MelFeatures.numFrames(15_599, 400, 160)).isEqualTo(95);
        assertThat(MelFeatures.numFrames(399, 400, 160)).isZero();
    }

    @Test
    void the_smoke_test_on_a_seeded_network_passes_its_pipeline_checks_and_says_the_statistics_were_not_checked() {
        VGGish net = VggishCheckpoints.seeded(new VGGish(new VGGish.Config(4, 8, 8, 16, 32, 128, false)), 5);
        SmokeTest.Report r = SmokeTest.run(net, SmokeTest.seededPca(6), false, NaiveKernels.INSTANCE, NaiveSpectralOps.INSTANCE);
        assertThat(r.passed()).as(r.text()).isTrue();
        assertThat(r.examples().shape()).containsExactly(3, 96, 64);
        assertThat(r.text()).contains("SEEDED").contains("NOT CHECKED").contains("Statistics NOT checked");
    }

    @Test
    void the_smoke_test_with_real_weights_fails_when_the_statistics_are_off() {
        // a seeded network declared "real": its statistics cannot match the official constants
        VGGish net = VggishCheckpoints.seeded(new VGGish(new VGGish.Config(4, 8, 8, 16, 32, 128, false)), 5);
        SmokeTest.Report r = SmokeTest.run(net, SmokeTest.seededPca(6), true, NaiveKernels.INSTANCE, NaiveSpectralOps.INSTANCE);
        assertThat(r.passed()).isFalse();
        assertThat(r.text()).contains("FAILED").contains("0.000657");
    }
}
