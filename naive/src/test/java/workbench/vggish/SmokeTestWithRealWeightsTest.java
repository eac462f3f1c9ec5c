/*
 * vggish_smoke_test.py with the trained weights, when a user has them: set WB_VGGISH_WEIGHTS to a
 * torchvggish .pth (or an .npz of the TF variables) and WB_VGGISH_PCA to vggish_pca_params.npz.
 * They cannot be downloaded here, so without them this test is skipped and says how to run it;
 * the seeded-network version of the smoke test always runs (FrontEndTest).
 */
package workbench.vggish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import workbench.kernels.NaiveKernels;

class SmokeTestWithRealWeightsTest {
    @Test
    void the_real_weights_give_the_official_smoke_test_statistics() {
        String w = System.getenv("WB_VGGISH_WEIGHTS"), p = System.getenv("WB_VGGISH_PCA");
        Assumptions.assumeTrue(w != null && p != null && Files.exists(Path.of(w)) && Files.exists(Path.of(p)),
                "SKIPPED: set WB_VGGISH_WEIGHTS (torchvggish .pth or TF-variable .npz) and WB_VGGISH_PCA (vggish_pca_params.npz)"
                        + " to check the official statistics (embedding mean 0.000657, std 0.343; post-processed 126.0, 89.3)");
        VGGish net = new VGGish();
        VggishCheckpoints.load(net, Path.of(w));
        SmokeTest.Report r = SmokeTest.run(net, Postprocessor.load(Path.of(p)), true, NaiveKernels.INSTANCE, NaiveSpectralOps.INSTANCE);
        System.out.println(r.text());
        assertThat(r.passed()).as(r.text()).isTrue();
    }
}
