/*
 * WavReader: what vggish_input.wav_read returns (int16 / 32768.0, channel mean) and what bad input
 * is told: empty, truncated, not a WAV, an encoding we do not decode (named), and short files that
 * give 0 examples instead of an exception.
 */
package workbench.vggish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir Path tmp;

    @Test
    void sixteen_bit_stereo_is_int16_over_32768_and_mono_is_the_channel_mean() throws IOException {
        short[] s = {-32768, 32767, 1000, -1000, 7, 9};
        Audio a = WavReader.read(Wavs.write(tmp.resolve("s.wav"), Wavs.wav(1, 2, 44100, 16, Wavs.pcm16(s))));
        assertThat(a.sampleRate()).isEqualTo(44100);
        assertThat(a.channels()).isEqualTo(2);
        assertThat(a.frames()).isEqualTo(3);
        assertThat(a.interleaved()).containsExactly(-1.0, 32767 / 32768.0, 1000 / 32768.0, -1000 / 32768.0, 7 / 32768.0, 9 / 32768.0);
        assertThat(a.mono()).containsExactly((-1.0 + 32767 / 32768.0) / 2, 0.0, (7 / 32768.0 + 9 / 32768.0) / 2);
        assertThat(a.pcm16()).containsExactly(s);
    }

    @Test
    void twenty_four_bit_pcm_keeps_its_extra_bits() throws IOException {
        int[] v = {-8388608, 8388607, 1, -1};
        Audio a = WavReader.read(Wavs.write(tmp.resolve("s24.wav"), Wavs.wav(1, 1, 16000, 24, Wavs.pcm24(v))));
        assertThat(a.interleaved()).containsExactly(-1.0, 8388607 / 8388608.0, 1 / 8388608.0, -1 / 8388608.0);
        assertThat(a.pcm16()).isNull();
    }

    @Test
    void float_wav_is_read_as_is() throws IOException {
        float[] v = {0.5f, -0.25f, 0.125f};
        Audio a = WavReader.read(Wavs.write(tmp.resolve("f32.wav"), Wavs.wav(3, 1, 22050, 32, Wavs.float32(v))));
        assertThat(a.interleaved()).containsExactly(0.5, -0.25, 0.125);
        assertThat(a.encoding()).contains("PCM_FLOAT");
    }

    @Test
    void an_empty_file_is_named_as_empty() throws IOException {
        Path p = Wavs.write(tmp.resolve("empty.wav"), new byte[0]);
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("empty.wav").hasMessageContaining("empty").hasMessageContaining("HINT");
    }

    @Test
    void a_wav_cut_inside_its_data_is_reported_as_truncated() throws IOException {
        byte[] full = Wavs.wav(1, 1, 16000, 16, Wavs.pcm16(new short[1000]));
        Path p = Wavs.write(tmp.resolve("cut.wav"), Arrays.copyOf(full, 44 + 600));
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("cut.wav").hasMessageContaining("truncated").hasMessageContaining("1000 frames");
    }

    @Test
    void a_wav_cut_inside_its_header_is_reported_as_truncated() throws IOException {
        byte[] full = Wavs.wav(1, 1, 16000, 16, Wavs.pcm16(new short[10]));
        Path p = Wavs.write(tmp.resolve("head.wav"), Arrays.copyOf(full, 20));
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("head.wav").hasMessageContaining("truncated");
    }

    @Test
    void a_file_that_is_not_audio_says_so_and_what_would_read_other_formats() throws IOException {
        Path p = Wavs.write(tmp.resolve("notes.wav"), "these are not samples, just text".getBytes());
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("notes.wav").hasMessageContaining("not a WAV").hasMessageContaining("ffmpeg");
    }

    @Test
    void an_encoding_we_do_not_decode_is_named_in_the_message() throws IOException {
        Path p = Wavs.write(tmp.resolve("ulaw.wav"), Wavs.wav(7, 1, 8000, 8, new byte[100]));   // format tag 7: mu-law
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("ulaw.wav").hasMessageContaining("ULAW");
    }

    @Test
    void a_missing_file_names_its_path() {
        assertThatThrownBy(() -> WavReader.read(tmp.resolve("nowhere.wav"))).hasMessageContaining("nowhere.wav");
    }

    @Test
    void a_wav_shorter_than_one_example_gives_zero_examples_not_an_exception() throws IOException {
        for (int n : new int[] {0, 100, 399, 400, 8000, 15_599}) {     // 400 + 95 * 160 = 15_600 samples = 96 frames = 1 example
            VggishInput.Examples ex = VggishInput.wavfileToExamples(Wavs.tone16(tmp, "short" + n + ".wav", 16000, n), NaiveSpectralOps.INSTANCE);
            assertThat(ex.numExamples()).as(n + " samples").isZero();
            assertThat(ex.examples().shape()).containsExactly(0, 96, 64);
        }
        VggishInput.Examples one = VggishInput.wavfileToExamples(Wavs.tone16(tmp, "one.wav", 16000, 15_600), NaiveSpectralOps.INSTANCE);
        assertThat(one.numExamples()).isEqualTo(1);
    }

    @Test
    void a_short_wav_at_another_rate_also_gives_zero_examples() throws IOException {
        for (int n : new int[] {0, 1, 2, 50}) {
            VggishInput.Examples ex = VggishInput.wavfileToExamples(Wavs.tone16(tmp, "s" + n + ".wav", 44100, n), NaiveSpectralOps.INSTANCE);
            assertThat(ex.numExamples()).isZero();
        }
    }

    @Test
    void a_riff_file_that_is_not_wave_is_rejected_by_name() throws IOException {
        byte[] b = Wavs.wav(1, 1, 16000, 16, new byte[4]);
        b[8] = 'A'; b[9] = 'V'; b[10] = 'I'; b[11] = ' ';
        Path p = Wavs.write(tmp.resolve("clip.wav"), b);
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("clip.wav").hasMessageContaining("not WAVE");
        assertThat(Files.exists(p)).isTrue();
    }
}
