/*
 * Contract tests for VectorKernels that are not about numbers: every caller error throws the same
 * exception type with the same message as NaiveKernels, the name reports the species width, and
 * forBits refuses widths the CPU cannot run.
 * Run: mvn -pl vectorized test -Dtest=VectorKernelsContractTest
 */
package workbench.vectorized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.kernels.Pool2dSpec;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels.ConvVersion;

class VectorKernelsContractTest {
    private static Tensor t(int... shape) { return Tensor.randn(1, shape); }

    /** Caller errors, one per check in KernelChecks / Shape that a kernel reaches. */
    static Stream<Arguments> callerErrors() {
        Tensor c4 = t(4), ok = t(1, 3, 8, 8);
        List<Object[]> cases = List.of(
                new Object[] {"conv2d wrong channel count", (Function<Kernels, Tensor>) k -> k.conv2d(ok, t(8, 4, 3, 3), null, Conv2dSpec.of(1, 1))},
                new Object[] {"conv2d K not divisible by groups", (Function<Kernels, Tensor>) k -> k.conv2d(t(1, 4, 8, 8), t(3, 2, 3, 3), null, Conv2dSpec.of(1, 1, 1, 2))},
                new Object[] {"conv2d wrong bias length", (Function<Kernels, Tensor>) k -> k.conv2d(ok, t(8, 3, 3, 3), c4, Conv2dSpec.of(1, 1))},
                new Object[] {"conv2d input too small", (Function<Kernels, Tensor>) k -> k.conv2d(t(1, 3, 2, 2), t(8, 3, 7, 7), null, Conv2dSpec.of(1, 0))},
                new Object[] {"conv2d rank-3 input", (Function<Kernels, Tensor>) k -> k.conv2d(t(3, 8, 8), t(8, 3, 3, 3), null, Conv2dSpec.of(1, 1))},
                new Object[] {"batch_norm wrong vector length", (Function<Kernels, Tensor>) k -> k.batchNorm(ok, c4, c4, c4, c4, 1e-5f)},
                new Object[] {"max_pool2d input too small", (Function<Kernels, Tensor>) k -> k.maxPool2d(t(1, 3, 1, 1), Pool2dSpec.of(3, 2, 0, false))},
                new Object[] {"avg_pool2d rank-2 input", (Function<Kernels, Tensor>) k -> k.avgPool2d(t(3, 8), Pool2dSpec.of(2, 2, 0, false))},
                new Object[] {"adaptive_avg_pool2d zero output", (Function<Kernels, Tensor>) k -> k.adaptiveAvgPool2d(ok, 0, 1)},
                new Object[] {"linear in_features mismatch", (Function<Kernels, Tensor>) k -> k.linear(t(2, 16), t(10, 17), null)},
                new Object[] {"linear wrong bias length", (Function<Kernels, Tensor>) k -> k.linear(t(2, 16), t(10, 16), c4)},
                new Object[] {"add shapes differ", (Function<Kernels, Tensor>) k -> k.add(t(2, 3), t(3, 2))},
                new Object[] {"flatten start dim outside", (Function<Kernels, Tensor>) k -> k.flatten(ok, 4)});
        return cases.stream().map(c -> Arguments.of(c[0], c[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callerErrors")
    void caller_errors_throw_the_same_exception_and_message_as_naive(String what, Function<Kernels, Tensor> call) {
        Throwable naive = catchThrowable(() -> call.apply(NaiveKernels.INSTANCE));
        assertThat(naive).as(what + ": naive").isInstanceOf(IllegalArgumentException.class);
        for (ConvVersion v : ConvVersion.values()) {
            Throwable vec = catchThrowable(() -> call.apply(new VectorKernels(VectorKernels.PREFERRED, v)));
            assertThat(vec).as(what + ": vectorized, conv " + v).isInstanceOf(naive.getClass()).hasMessage(naive.getMessage());
        }
    }

    @Test
    void wrong_channel_count_conv_throws_illegal_argument_from_both_twins() {
        Tensor x = t(1, 3, 8, 8), w = t(8, 4, 3, 3);
        String expected = "conv2d: expected input (N, 4, H, W) for weight (8, 4, 3, 3) with groups 1, got (1, 3, 8, 8)";
        assertThatThrownBy(() -> NaiveKernels.INSTANCE.conv2d(x, w, null, Conv2dSpec.of(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
        assertThatThrownBy(() -> new VectorKernels().conv2d(x, w, null, Conv2dSpec.of(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    }

    @Test
    void name_reports_the_species_width() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertThat(new VectorKernels().name()).isEqualTo("vectorized(" + preferred + "-bit)");
        assertThat(VectorKernels.forBits(128).name()).isEqualTo("vectorized(128-bit)");
        assertThat(new VectorKernels(FloatVector.SPECIES_256).name()).isEqualTo("vectorized(256-bit)");
        assertThat(VectorKernels.PREFERRED).isSameAs(FloatVector.SPECIES_PREFERRED);
    }

    @Test
    void for_bits_accepts_every_width_up_to_the_preferred_one() {
        for (int bits : VectorKernelsTwinTest.widths()) {
            assertThat(VectorKernels.forBits(bits).species().vectorBitSize()).isEqualTo(bits);
        }
    }

    @Test
    void for_bits_rejects_widths_the_cpu_cannot_run_or_that_do_not_exist() {
        int preferred = VectorKernels.PREFERRED.vectorBitSize();
        assertThatThrownBy(() -> VectorKernels.forBits(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 128, 256 or 512, got 100");
        if (preferred < 512) {
            assertThatThrownBy(() -> VectorKernels.forBits(512))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("widest float vector is " + preferred + " bits")
                    .hasMessageContaining("HINT");
        }
    }

    @Test
    void conv_version_property_values_are_checked() {
        String old = System.getProperty("wb.conv.version");
        try {
            System.setProperty("wb.conv.version", "2");
            assertThat(ConvVersion.fromProperty()).isEqualTo(ConvVersion.OUTPUT_CHANNELS);
            System.setProperty("wb.conv.version", "1");
            assertThat(new VectorKernels().convVersion()).isEqualTo(ConvVersion.OUTPUT_COLUMNS);
            System.setProperty("wb.conv.version", "9");
            assertThatThrownBy(ConvVersion::fromProperty).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected 0 (auto), 1, 2 or 3, got '9'");
        } finally {
            if (old == null) System.clearProperty("wb.conv.version");
            else System.setProperty("wb.conv.version", old);
        }
    }
}
