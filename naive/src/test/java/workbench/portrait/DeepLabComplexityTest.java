/*
 * The DeepLabv3+ figures of chapters/04-portrait/ (Sec. 1.7), counted from our models: parameters
 * of the VainF and TF layouts on ResNet-50/101 and conv multiply-adds at 513x513, OS16 and OS8.
 * The reference figures were measured on the torchvision-built model (project research notes on portrait, section 1.2).
 */
package workbench.portrait;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeepLabComplexityTest {
    private static final List<DeepLabComplexity.Row> ROWS = DeepLabComplexity.table();

    private static DeepLabComplexity.Row row(String model, int os) {
        return ROWS.stream().filter(r -> r.model().equals(model) && r.outputStride() == os).findFirst().orElseThrow();
    }

    @Test
    void deeplabv3plus_resnet50_with_21_classes_has_39_761_845_parameters() {
        assertThat(row("deeplabv3plus_resnet50", 16).parameters()).isEqualTo(39_761_845L);
        assertThat(row("deeplabv3plus_resnet50", 8).parameters()).isEqualTo(39_761_845L);
    }

    @Test
    void two_decoder_convs_give_40_352_181_parameters() {
        assertThat(row("deeplabv3plus_resnet50_tf", 16).parameters()).isEqualTo(40_352_181L);
    }

    @Test
    void two_decoder_convs_cost_72_19_g_at_output_stride_16_and_187_90_g_at_8() {
        assertThat(Math.round(row("deeplabv3plus_resnet50_tf", 16).macs() / 1e7) / 100.0).isEqualTo(72.19);
        assertThat(Math.round(row("deeplabv3plus_resnet50_tf", 8).macs() / 1e7) / 100.0).isEqualTo(187.90);
    }

    @Test
    void deeplabv3plus_resnet101_has_58_753_973_parameters() {
        assertThat(row("deeplabv3plus_resnet101", 16).parameters()).isEqualTo(58_753_973L);
    }

    @Test
    void conv_macs_at_513_are_62_38_g_at_output_stride_16_and_178_09_g_at_8() {
        assertThat(Math.round(row("deeplabv3plus_resnet50", 16).macs() / 1e7) / 100.0).isEqualTo(62.38);
        assertThat(Math.round(row("deeplabv3plus_resnet50", 8).macs() / 1e7) / 100.0).isEqualTo(178.09);
    }

    @Test
    void the_encoder_output_is_33x33_at_output_stride_16_and_65x65_at_8() {
        assertThat(row("deeplabv3plus_resnet50", 16).layer4Size()).isEqualTo(33);
        assertThat(row("deeplabv3plus_resnet50", 8).layer4Size()).isEqualTo(65);
    }

    @Test
    void the_printed_table_shows_the_facts() {
        String text = DeepLabComplexity.format(ROWS);
        assertThat(text).contains("39,761,845", "40,352,181", "58,753,973", "62.38", "178.09");
    }
}
