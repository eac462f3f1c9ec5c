/* Sec. 2.1: the probabilities of all classes sum to 1, equal logits share it, bad shapes are named. */
package workbench.portrait.matte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.assertj.core.data.Offset;
import workbench.tensor.Tensor;

class PersonProbabilityTest {
    @Test
    void class_probabilities_sum_to_one_and_equal_logits_share_it() {
        Tensor z = Tensor.randn(7, 1, 21, 5, 6);
        double[] sum = new double[30];
        for (int c = 0; c < 21; c++) {
            float[] p = PersonProbability.fromLogits(z, c).alpha();
            for (int i = 0; i < 30; i++) sum[i] += p[i];
        }
        for (double s : sum) assertThat(s).isCloseTo(1.0, Offset.offset(1e-5));
        float[] equal = PersonProbability.fromLogits(Tensor.full(3f, 1, 21, 2, 2), PersonProbability.VOC_PERSON).alpha();
        assertThat(equal[0]).isCloseTo(1f / 21, Offset.offset(1e-7f));
        assertThat(PersonProbability.fromBinaryLogit(Tensor.zeros(1, 1, 2, 3)).alpha()).containsOnly(0.5f);
    }

    @Test
    void large_logits_do_not_overflow() {
        Tensor z = Tensor.full(0f, 1, 2, 1, 1);
        z.set(1000f, 0, 1, 0, 0);
        assertThat(PersonProbability.fromLogits(z, 1).alpha()[0]).isEqualTo(1f);
    }

    @Test
    void bad_shapes_and_classes_are_named() {
        assertThatThrownBy(() -> PersonProbability.fromLogits(Tensor.zeros(1, 3, 2, 2), 15))
                .hasMessageContaining("person class 15").hasMessageContaining("HINT");
        assertThatThrownBy(() -> PersonProbability.fromLogits(Tensor.zeros(2, 21, 2, 2), 15)).hasMessageContaining("(1, C, H, W)");
        assertThatThrownBy(() -> PersonProbability.fromBinaryLogit(Tensor.zeros(1, 2, 2, 2))).hasMessageContaining("(1, 1, H, W)");
    }
}
