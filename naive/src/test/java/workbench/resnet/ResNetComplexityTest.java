/*
 * The facts of ResNet Table 1, Sec. 3.3 and Table 6, counted from our models (torchvision's exact
 * parameter counts and multiply-adds are published in its model metadata).
 */
package workbench.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResNetComplexityTest {
    static final Map<String, ResNetComplexity.Row> ROWS = ResNetComplexity.table().stream()
            .collect(Collectors.toMap(ResNetComplexity.Row::model, r -> r));

    static String g(long macs) { return String.format(Locale.ROOT, "%.3f", macs / 1e9); }

    @Test
    void parameter_counts_equal_torchvisions() {
        assertThat(ROWS.get("resnet18").parameters()).isEqualTo(11_689_512L);
        assertThat(ROWS.get("resnet34").parameters()).isEqualTo(21_797_672L);
        assertThat(ROWS.get("resnet50").parameters()).isEqualTo(25_557_032L);
        assertThat(ROWS.get("resnet101").parameters()).isEqualTo(44_549_160L);
        assertThat(ROWS.get("resnet152").parameters()).isEqualTo(60_192_808L);
    }

    @Test
    void multiply_adds_at_224_in_torchvisions_layout() {
        assertThat(g(ROWS.get("resnet18").macs())).isEqualTo("1.814");
        assertThat(g(ROWS.get("resnet34").macs())).isEqualTo("3.664");
        assertThat(g(ROWS.get("resnet50").macs())).isEqualTo("4.089");
        assertThat(g(ROWS.get("resnet101").macs())).isEqualTo("7.801");
        assertThat(g(ROWS.get("resnet152").macs())).isEqualTo("11.514");
    }

    @Test
    void multiply_adds_in_the_papers_layout_round_to_table_1() {
        assertThat(g(ROWS.get("resnet50").paperLayoutMacs())).isEqualTo("3.858");
        assertThat(g(ROWS.get("resnet101").paperLayoutMacs())).isEqualTo("7.570");
        assertThat(g(ROWS.get("resnet152").paperLayoutMacs())).isEqualTo("11.282");
    }

    @Test
    void vgg19_and_plain34_match_sec_3_3() {
        assertThat(String.format(Locale.ROOT, "%.1f", ROWS.get("vgg19").macs() / 1e9)).isEqualTo("19.6");
        assertThat(String.format(Locale.ROOT, "%.1f", ROWS.get("plain34").macs() / 1e9)).isEqualTo("3.6");
        assertThat(ROWS.get("vgg19").parameters()).isEqualTo(143_667_240L);   // torchvision vgg19
    }

    @Test
    void cifar_parameter_counts_round_to_table_6() {
        String[][] expected = {{"resnet20_cifar", "0.27"}, {"resnet32_cifar", "0.46"}, {"resnet44_cifar", "0.66"},
                {"resnet56_cifar", "0.85"}, {"resnet110_cifar", "1.7"}};
        for (String[] e : expected) {
            long p = ROWS.get(e[0]).parameters();
            String rounded = e[1].length() == 3 ? String.format(Locale.ROOT, "%.1f", p / 1e6) : String.format(Locale.ROOT, "%.2f", p / 1e6);
            assertThat(rounded).as(e[0]).isEqualTo(e[1]);
        }
    }

    @Test
    void the_formatted_table_lists_every_model_once() {
        String text = ResNetComplexity.format(ResNetComplexity.table());
        assertThat(text).contains("resnet50").contains("25,557,032").contains("4.089").contains("3.858").contains("19.632");
        assertThat(text.lines().filter(l -> l.startsWith("resnet50 ")).count()).isEqualTo(1);
    }
}
