/*
 * The Kernels contract against torch.nn.functional, on both twins: conv2d (stride, padding,
 * dilation, groups, depthwise, 1x3), pooling (ceil_mode, count_include_pad), adaptive pooling, linear.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import workbench.kernels.Kernels;

class KernelGoldenTest {
    static final Path DATA = Path.of("data/kernels");

    @TestFactory
    List<DynamicTest> every_kernel_case_matches_torch_functional_on_both_twins() {
        List<Path> cases = GoldenCases.under(DATA);
        assertThat(cases).as("kernel golden cases in " + DATA.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(20);
        return GoldenCases.onBothTwins(cases);
    }
}
