/*
 * vggish_input.py: audio -> examples, the network's input. Hershey et al. 2017, Sec. 3.1:
 *   waveform_to_examples   mean over channels -> resample to 16 kHz (kaiser_best) -> log-mel
 *                          (25 ms / 10 ms, 64 bands, 125-7500 Hz, ln(mel + 0.01)) -> frames of
 *                          96 x 64 without overlap ("0.96 s examples")
 *   wavfile_to_examples    the same from a file (WavReader: int16 / 32768.0)
 * Every intermediate is kept in Examples, so the golden check and the lesson can look at each.
 * A signal shorter than one 96-frame example gives 0 examples (shape (0, 96, 64)), not an error;
 * a signal shorter than one 400-sample window gives 0 frames (the official code would fail).
 */
package workbench.vggish;

import java.nio.file.Path;
import workbench.tensor.Tensor;

public final class VggishInput {
    private VggishInput() {}

    /** What waveform_to_examples computes, step by step. */
    public record Examples(double[] samplesMono, int sampleRate, double[] waveform16k, MelFeatures.LogMel logMel,
                           DoubleMatrix framed, int numExamples) {
        /** The network input (N, 96, 64) in float32, as vggish_input returns it (TF casts there too). */
        public Tensor examples() {
            Tensor t = framed.toTensor();
            return t.reshape(numExamples, VggishParams.NUM_FRAMES, VggishParams.NUM_BANDS);
        }

        /** The same as (N, 1, 96, 64): the NCHW layout our network takes (TF's is (N, 96, 64, 1)). */
        public Tensor batch() {
            return examples().reshape(numExamples, 1, VggishParams.NUM_FRAMES, VggishParams.NUM_BANDS);
        }
    }

    /** vggish_input.wavfile_to_examples. */
    public static Examples wavfileToExamples(Path wav, SpectralOps ops) {
        Audio audio = WavReader.read(wav);
        return waveformToExamples(audio.mono(), audio.sampleRate(), ops);
    }

    /** vggish_input.waveform_to_examples on mono float64 samples at {@code sampleRate}. */
    public static Examples waveformToExamples(double[] mono, int sampleRate, SpectralOps ops) {
        // 1. VGGish was trained on 16 kHz audio: bring anything else there with resampy's filter
        double[] wave = sampleRate == VggishParams.SAMPLE_RATE ? mono : Resampler.resample(mono, sampleRate, VggishParams.SAMPLE_RATE);
        // 2. log-mel spectrogram: (F, 64), one row per 10 ms frame
        MelFeatures.LogMel logMel = MelFeatures.logMelSpectrogram(wave, MelFeatures.LogMelSpec.vggish(), ops);
        // 3. non-overlapping windows of 96 frames (0.96 s): each one example of 96 x 64
        int window = VggishParams.exampleWindowFrames(), hop = VggishParams.exampleHopFrames();
        DoubleMatrix framed = MelFeatures.frame(logMel.logMel(), window, hop);
        return new Examples(mono, sampleRate, wave, logMel, framed, framed.rows());
    }
}
