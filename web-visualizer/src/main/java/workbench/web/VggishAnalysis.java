/*
 * One run of chapter 02's pipeline on one sound, keeping every intermediate for the /vggish page:
 * VggishInput.waveformToExamples (mono -> 16 kHz -> STFT -> mel -> log -> examples) on the chosen
 * SpectralOps twin, the log-mel again on the other twin (their largest difference is shown), VGGish
 * on the first MAX_NETWORK_EXAMPLES examples with the chosen kernels, and the post-processor.
 * Every number comes from the chapter's classes; this class only calls them and times them.
 * Not here: HTTP and JSON (VggishController), drawing (vggish.js).
 */
package workbench.web;

import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.tensor.Tensor;
import workbench.vggish.Audio;
import workbench.vggish.DoubleMatrix;
import workbench.vggish.MelFeatures;
import workbench.vggish.Postprocessor;
import workbench.vggish.SpectralOps;
import workbench.vggish.VGGish;
import workbench.vggish.VggishInput;
import workbench.vggish.VggishParams;

final class VggishAnalysis {
    /** The network runs on at most this many examples (9.6 s); the naive twin takes about 2 s per example. */
    static final int MAX_NETWORK_EXAMPLES = 10;

    final Audio audio;
    final VggishInput.Examples ex;
    final Tensor examples;          // (N, 96, 64) float32, the network's input
    final int networkExamples;      // how many of them went through the network
    final Tensor embeddings;        // (networkExamples, 128), pre-activation as vggish_slim.py
    final Postprocessor.Result postprocessed;
    final String spectralOps, otherSpectralOps, kernels;
    final double twinLogMelMaxDiff;
    final double frontEndMs, networkMs;

    VggishAnalysis(Audio audio, VGGish net, Postprocessor pca, SpectralOps ops, SpectralOps other, Kernels kernels) {
        this.audio = audio;
        long t0 = System.nanoTime();
        this.ex = VggishInput.waveformToExamples(audio.mono(), audio.sampleRate(), ops);
        this.examples = ex.examples();
        long t1 = System.nanoTime();
        // the same log-mel on the other twin, from the same 16 kHz waveform
        DoubleMatrix otherLogMel = MelFeatures.logMelSpectrogram(ex.waveform16k(), MelFeatures.LogMelSpec.vggish(), other).logMel();
        double d = 0;
        for (int i = 0; i < otherLogMel.data().length; i++) d = Math.max(d, Math.abs(otherLogMel.data()[i] - ex.logMel().logMel().data()[i]));
        this.twinLogMelMaxDiff = d;
        long t2 = System.nanoTime();
        this.networkExamples = Math.min(ex.numExamples(), MAX_NETWORK_EXAMPLES);
        int frames = VggishParams.NUM_FRAMES, bands = VggishParams.NUM_BANDS;
        if (networkExamples == 0) {
            this.embeddings = Tensor.zeros(0, net.config.embeddingSize());
        } else {
            float[] first = java.util.Arrays.copyOf(examples.data(), networkExamples * frames * bands);
            this.embeddings = net.call(Tensor.of(first, networkExamples, 1, frames, bands), Context.of(kernels));
        }
        this.postprocessed = pca.postprocess(embeddings);
        long t3 = System.nanoTime();
        this.spectralOps = ops.name();
        this.otherSpectralOps = other.name();
        this.kernels = kernels.name();
        this.frontEndMs = (t1 - t0) / 1e6;
        this.networkMs = (t3 - t2) / 1e6;
    }
}
